package dev.jobpipe.reliability.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes the properties files a child process is started with (a {@code --command-config}, a policy file). */
final class PropertiesFile {

  private PropertiesFile() {}

  /** Writes {@code settings} as {@code key=value} lines to {@code file}, creating its directory; returns the file. */
  static Path write(Path file, Map<String, String> settings) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("\n", "", "\n")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
