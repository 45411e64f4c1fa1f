package dev.jobpipe.deploy.local.internal;

import dev.jobpipe.deploy.local.LocalStackException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Lays out the embedded stack from Maven coordinates, for a machine with no jobpipe checkout (a
 * service's tests, the distribution): the broker's jars and the registry's archive listed by the
 * build of this module ({@code stack-kafka-libs.txt}, {@code stack-apicurio.txt}, resources next to
 * this class's package) are taken from a local Maven repository, else downloaded from a Maven
 * repository (Maven Central by default) and checked against its {@code .sha1}. The result is cached
 * per stack version; concurrent JVMs each build a private copy and the first to rename it wins.
 */
public final class StackFetch {
  private static final String LIST_DIR = "/dev/jobpipe/deploy/local/";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(5);
  private static final String COMPLETE_MARKER = ".complete";

  /** One artifact: {@code group:artifact:type[:classifier]:version}. */
  public record Coordinates(String groupId, String artifactId, String type, String classifier, String version) {
    /** Parses {@code group:artifact:type[:classifier]:version}, as {@code dependency:list} writes it. */
    public static Coordinates parse(String s) {
      String[] p = s.strip().split(":");
      if (p.length == 4) {
        return new Coordinates(p[0], p[1], p[2], "", p[3]);
      }
      if (p.length == 5) {
        return new Coordinates(p[0], p[1], p[2], p[3], p[4]);
      }
      throw new IllegalArgumentException("not group:artifact:type[:classifier]:version: '" + s + "'");
    }

    /** The file name in a repository: {@code artifact-version[-classifier].type}. */
    public String fileName() {
      return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + type;
    }

    /** The path below a repository's root, in the Maven 2 layout. */
    public String repositoryPath() {
      return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + fileName();
    }

    @Override
    public String toString() {
      return groupId + ":" + artifactId + ":" + type + (classifier.isEmpty() ? "" : ":" + classifier) + ":" + version;
    }
  }

  private final List<Coordinates> kafkaLibs;
  private final Coordinates apicurio;
  private final List<Path> localRepositories;
  private final URI remoteRepository;
  private final HttpClient http;

  public StackFetch(List<Coordinates> kafkaLibs, Coordinates apicurio, List<Path> localRepositories, URI remoteRepository) {
    this.kafkaLibs = List.copyOf(kafkaLibs);
    this.apicurio = apicurio;
    this.localRepositories = List.copyOf(localRepositories);
    String remote = remoteRepository.toString();
    this.remoteRepository = URI.create(remote.endsWith("/") ? remote : remote + "/");
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** The stack this build of jobpipe was made with, from the lists on the classpath. */
  public static StackFetch ofThisBuild(List<Path> localRepositories, URI remoteRepository) {
    List<Coordinates> libs = readList("stack-kafka-libs.txt");
    List<Coordinates> registry = readList("stack-apicurio.txt");
    if (libs.isEmpty() || registry.size() != 1) {
      throw new LocalStackException("this jobpipe build lists no embedded stack (" + LIST_DIR + "stack-*.txt)");
    }
    return new StackFetch(libs, registry.get(0), localRepositories, remoteRepository);
  }

  /** Reads a coordinates list: one per line, indented lines of {@code dependency:list} included. */
  static List<Coordinates> readList(String name) {
    try (InputStream in = StackFetch.class.getResourceAsStream(LIST_DIR + name)) {
      if (in == null) {
        return List.of();
      }
      return parseList(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + LIST_DIR + name + ": " + e.getMessage(), e);
    }
  }

  /** The coordinates of a list, without duplicates; headers and blank lines are skipped. */
  static List<Coordinates> parseList(String text) {
    Set<Coordinates> result = new LinkedHashSet<>();
    for (String line : text.lines().toList()) {
      String token = line.strip().split("\\s+")[0];
      if (!token.isEmpty() && !token.startsWith("#") && token.chars().filter(c -> c == ':').count() >= 3) {
        result.add(Coordinates.parse(token));
      }
    }
    return List.copyOf(result);
  }

  /** A directory name that changes whenever the stack does: the broker's and registry's versions. */
  public String cacheName() {
    String kafka = kafkaLibs.stream().filter(c -> c.artifactId().startsWith("kafka_")).map(Coordinates::version)
        .findFirst().orElse("unknown");
    return "kafka-" + kafka + "-apicurio-" + apicurio.version();
  }

  /**
   * The stack directory under {@code cacheRoot} ({@code kafka-libs/}, {@code apicurio/}), fetched
   * now unless an earlier run completed it.
   */
  public Path fetchInto(Path cacheRoot) {
    Path target = cacheRoot.resolve(cacheName());
    if (Files.exists(target.resolve(COMPLETE_MARKER))) {
      return target;
    }
    Path work = Dirs.create(cacheRoot).resolve(".tmp-" + cacheName() + "-" + ProcessHandle.current().pid());
    Dirs.deleteRecursively(work);
    try {
      Path libs = Dirs.create(work.resolve("kafka-libs"));
      for (Coordinates c : kafkaLibs) {
        copy(c, libs.resolve(c.fileName()));
      }
      Path archive = work.resolve(apicurio.fileName());
      copy(apicurio, archive);
      untar(archive, Dirs.create(work.resolve("apicurio")));
      Files.delete(archive);
      Files.writeString(work.resolve(COMPLETE_MARKER), "fetched from Maven coordinates\n");
      publish(work, target);
      return target;
    } catch (IOException e) {
      throw new LocalStackException("cannot lay out the embedded stack in " + target + ": " + e.getMessage(), e);
    } finally {
      Dirs.deleteRecursively(work);
    }
  }

  /** Renames the finished copy into place; if another JVM got there first, its copy is used. */
  private static void publish(Path work, Path target) throws IOException {
    try {
      Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      if (!Files.exists(target.resolve(COMPLETE_MARKER))) {
        // a copy from an older, interrupted layout: replace it
        Dirs.deleteRecursively(target);
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the cache directory cannot be renamed into place atomically: " + e.getMessage(), e);
    }
  }

  /** From the first local repository that has it, else downloaded and checked against its SHA-1. */
  private void copy(Coordinates c, Path to) throws IOException {
    for (Path repo : localRepositories) {
      Path local = repo.resolve(c.repositoryPath());
      if (Files.isRegularFile(local)) {
        Files.copy(local, to, StandardCopyOption.REPLACE_EXISTING);
        return;
      }
    }
    URI uri = remoteRepository.resolve(c.repositoryPath());
    byte[] body = get(uri, c);
    String expected = new String(get(URI.create(uri + ".sha1"), c), StandardCharsets.US_ASCII).strip().split("\\s+")[0];
    String actual = sha1(body);
    if (!actual.equalsIgnoreCase(expected)) {
      throw new LocalStackException(c + " from " + uri + " has SHA-1 " + actual + ", the repository says " + expected);
    }
    Files.write(to, body);
  }

  private byte[] get(URI uri, Coordinates c) {
    try {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(DOWNLOAD_TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new LocalStackException("cannot download " + c + ": " + uri + " answered HTTP " + response.statusCode()
            + " (not in " + localRepositories + " either)");
      }
      return response.body();
    } catch (IOException e) {
      throw new LocalStackException("cannot download " + c + " from " + uri + ": " + e
          + " (not in " + localRepositories + " either; offline, set -Djobpipe.stack.dir to a built stack)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalStackException("interrupted while downloading " + c, e);
    }
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Unpacks a {@code .tar.gz} with the system's {@code tar} (Linux, macOS and Windows 10+ have one). */
  private static void untar(Path archive, Path into) throws IOException {
    Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
        .redirectErrorStream(true).start();
    String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
        tar.destroyForcibly();
        throw new IOException("tar -xzf " + archive + " failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      tar.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while unpacking " + archive, e);
    }
  }
}
