package dev.jobpipe.deploy.local.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An AppCDS archive of the classes a child JVM loads, which roughly halves the broker's and the
 * registry's start time. The first child of a kind that exits normally dumps the archive to a
 * private temporary file (so concurrent JVMs never see a half-written one), and {@link
 * #publish(boolean)} moves it into place atomically; later children map it. The archive's name
 * holds a digest of the JDK and the classpath, so a JDK upgrade or another checkout never uses a
 * stale one (the JVM would ignore it anyway, with a warning in the child's log).
 */
public final class ClassDataArchive {
  private static final Duration STALE_TEMP_AGE = Duration.ofHours(1);

  private final Path archive;
  private final Path temp;

  private ClassDataArchive(Path archive, Path temp) {
    this.archive = archive;
    this.temp = temp;
  }

  /**
   * The archive of {@code kind} under {@code dir} for this JDK and {@code classpath}. With {@code
   * mayCreate} false an absent archive is simply not used (a detached child may never exit
   * normally under our eyes).
   */
  public static ClassDataArchive of(Path dir, String kind, List<Path> classpath, boolean mayCreate) {
    Path archive = dir.resolve(kind + "-" + Runtime.version().feature() + "-" + digest(classpath) + ".jsa");
    if (Files.isRegularFile(archive)) {
      return new ClassDataArchive(archive, null);
    }
    if (!mayCreate) {
      return new ClassDataArchive(null, null);
    }
    try {
      Files.createDirectories(dir);
      removeStaleTemps(dir);
      if (!Files.isWritable(dir)) {
        return new ClassDataArchive(null, null);
      }
    } catch (IOException e) {
      return new ClassDataArchive(null, null);
    }
    return new ClassDataArchive(archive, dir.resolve(archive.getFileName() + "." + UUID.randomUUID() + ".tmp"));
  }

  /** Whether the child dumps a new archive when it exits (which takes it a few seconds). */
  public boolean creating() {
    return temp != null;
  }

  /**
   * The JVM options that use or create the archive; none when there is nothing to do. The JVM's own
   * class-sharing warnings (a class it skips while dumping) are silenced: a child that fails at
   * start-up dumps at exit too, and those lines would push its real error out of the log tail.
   */
  public List<String> jvmOptions() {
    if (archive == null) {
      return List.of();
    }
    if (temp == null) {
      return List.of("-XX:SharedArchiveFile=" + archive, QUIET_CDS);
    }
    return List.of("-XX:ArchiveClassesAtExit=" + temp, QUIET_CDS);
  }

  private static final String QUIET_CDS = "-Xlog:cds*=error";

  /**
   * After the child has exited: moves a freshly dumped archive into place when the child exited
   * normally ({@code clean}), else discards what may be a partial dump.
   */
  public void publish(boolean clean) {
    if (temp == null || !Files.exists(temp)) {
      return;
    }
    try {
      if (clean && Files.size(temp) > 0) {
        try {
          Files.move(temp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, archive, StandardCopyOption.REPLACE_EXISTING);
        }
        removeSuperseded();
      } else {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      // An archive is only a speed-up: without it the next child starts as it would anyway.
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // left for removeStaleTemps
      }
    }
  }

  /** Archives of the same kind for an older classpath or JDK: they would only take disk space. */
  private void removeSuperseded() throws IOException {
    String name = archive.getFileName().toString();
    String kind = name.substring(0, name.lastIndexOf('-', name.lastIndexOf('-') - 1));
    Pattern sameKind = Pattern.compile(Pattern.quote(kind) + "-\\d+-[0-9a-f]{12}\\.jsa");
    try (DirectoryStream<Path> archives = Files.newDirectoryStream(archive.getParent(), "*.jsa")) {
      for (Path other : archives) {
        if (!other.equals(archive) && sameKind.matcher(other.getFileName().toString()).matches()) {
          Files.deleteIfExists(other);
        }
      }
    }
  }

  private static void removeStaleTemps(Path dir) throws IOException {
    Instant cutoff = Instant.now().minus(STALE_TEMP_AGE);
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "*.tmp")) {
      for (Path t : temps) {
        if (Files.getLastModifiedTime(t).toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(t);
        }
      }
    }
  }

  /** Of the JDK and each classpath entry's path, size and time: a rebuilt jar makes a new archive. */
  private static String digest(List<Path> classpath) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      StringBuilder key = new StringBuilder(Runtime.version() + "\n" + System.getProperty("java.home") + "\n");
      for (Path entry : classpath) {
        key.append(entry).append(' ');
        try {
          key.append(Files.size(entry)).append(' ').append(Files.getLastModifiedTime(entry).toMillis());
        } catch (IOException e) {
          key.append("missing");
        }
        key.append('\n');
      }
      sha.update(key.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(), 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
