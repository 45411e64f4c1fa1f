package dev.jobpipe.deploy.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A one-class jar holding {@link ParentWatch}, written next to the stack, for child classpaths. A
 * child then never depends on where this module's classes happen to live (a jar in a reactor build,
 * a directory in an IDE, a copy in {@code cli/target/lib}), so its class-data archive stays valid
 * for every caller.
 */
final class WatchJar {
  private static final String ENTRY = ParentWatch.class.getName().replace('.', '/') + ".class";

  private WatchJar() {}

  /** The jar under {@code dir}, written (atomically) if absent or stale. */
  static Path ensure(Path dir) {
    byte[] classBytes = classBytes();
    Path jar = dir.resolve("jobpipe-parent-watch.jar");
    try {
      if (Files.isRegularFile(jar) && Arrays.equals(readEntry(jar), classBytes)) {
        return jar;
      }
      Files.createDirectories(dir);
      Path temp = dir.resolve(jar.getFileName() + "." + UUID.randomUUID() + ".tmp");
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
      try (OutputStream out = Files.newOutputStream(temp);
          JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
        JarEntry entry = new JarEntry(ENTRY);
        entry.setTime(0);
        jarOut.putNextEntry(entry);
        jarOut.write(classBytes);
        jarOut.closeEntry();
      }
      try {
        Files.move(temp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, jar, StandardCopyOption.REPLACE_EXISTING);
      }
      return jar;
    } catch (IOException e) {
      // A read-only stack still works: the child then runs ParentWatch from where it was loaded.
      return codeSource();
    }
  }

  private static byte[] classBytes() {
    try (InputStream in = ParentWatch.class.getClassLoader().getResourceAsStream(ENTRY)) {
      if (in == null) {
        throw new IllegalStateException("cannot read " + ENTRY + " from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + ENTRY + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readEntry(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry entry = file.getJarEntry(ENTRY);
      if (entry == null) {
        return new byte[0];
      }
      try (InputStream in = file.getInputStream(entry)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static Path codeSource() {
    try {
      return Paths.get(ParentWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate " + ParentWatch.class.getName(), e);
    }
  }
}
