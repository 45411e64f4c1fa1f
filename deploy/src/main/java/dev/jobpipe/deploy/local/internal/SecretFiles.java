package dev.jobpipe.deploy.local.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** Files that hold secrets: readable by their owner only, written whole. */
public final class SecretFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretFiles() {}

  /** A new random password: 24 random bytes, URL-safe Base64 (no characters a properties file escapes). */
  public static String newPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Writes {@code properties} to {@code file} (owner read/write only), with a comment line on top. */
  public static void writeProperties(Path file, String comment, Map<String, String> properties) {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(temp);
      Files.createFile(temp);
      restrict(temp);
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        out.write("# " + comment + "\n");
        for (Map.Entry<String, String> e : properties.entrySet()) {
          out.write(e.getKey() + "=" + e.getValue().replace("\\", "\\\\") + "\n");
        }
      }
      Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Makes {@code file} readable and writable by its owner only, where the file system can say so. */
  public static void restrict(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its own defaults apply
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict access to " + file + ": " + e.getMessage(), e);
    }
  }
}
