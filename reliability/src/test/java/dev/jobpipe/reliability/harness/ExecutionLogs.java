package dev.jobpipe.reliability.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads every execution log the recording handlers wrote into one directory. A file's last line
 * without a newline is a write a SIGKILL cut short (or one still being written): it is not an
 * execution yet and is ignored; every complete line must parse.
 */
public final class ExecutionLogs {

  private final Path directory;

  public ExecutionLogs(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  /** Every complete execution line of every process, file by file. */
  public List<Execution> read() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<Execution> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(ExecutionLogs::isLog).sorted().toList()) {
        readInto(file, all);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
    return all;
  }

  /** How many complete execution lines there are, without parsing them: cheap enough to poll. */
  public long countLines() {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    long count = 0;
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(ExecutionLogs::isLog).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
          if (b == '\n') {
            count++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + directory, e);
    }
    return count;
  }

  private static boolean isLog(Path p) {
    String name = p.getFileName().toString();
    return name.startsWith(ExecutionRecorder.FILE_PREFIX) && name.endsWith(ExecutionRecorder.FILE_SUFFIX);
  }

  static void readInto(Path file, List<Execution> into) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    int complete = bytes.length;
    while (complete > 0 && bytes[complete - 1] != '\n') {
      complete--;
    }
    // decode only complete lines: a torn tail may end inside a multi-byte character
    String text = new String(bytes, 0, complete, StandardCharsets.UTF_8);
    int start = 0;
    int lineNo = 1;
    for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      String line = text.substring(start, nl);
      try {
        into.add(Execution.parse(line));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(file + ":" + lineNo + ": " + e.getMessage(), e);
      }
      start = nl + 1;
      lineNo++;
    }
  }
}
