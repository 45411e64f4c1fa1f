package dev.jobpipe.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Memory figures of a process from Linux's {@code /proc/<pid>/status}: {@code VmHWM} is the peak
 * resident set size over the process's life, which is what a container's memory limit must cover.
 */
public final class ProcStatus {
  private ProcStatus() {}

  /** Peak RSS in bytes of {@code pid}, empty when the process or the field is gone. */
  public static OptionalLong peakRss(long pid) {
    return field(Path.of("/proc", Long.toString(pid), "status"), "VmHWM");
  }

  /** A {@code kB} field of a status file, in bytes; empty when the file cannot be read or lacks it. */
  static OptionalLong field(Path status, String name) {
    try {
      return parseKb(Files.readString(status), name);
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The value of {@code name} in the text of a status file, in bytes: lines look like
   * {@code VmHWM:\t  123456 kB}. Empty when the field is absent; an unexpected unit or number is an
   * error, since a silently wrong figure would end up in the report.
   */
  public static OptionalLong parseKb(String statusText, String name) {
    for (String line : statusText.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0 || !line.substring(0, colon).equals(name)) {
        continue;
      }
      String[] parts = line.substring(colon + 1).trim().split("\\s+");
      if (parts.length != 2 || !parts[1].equals("kB")) {
        throw new IllegalArgumentException("unexpected " + name + " line in /proc status: '" + line + "'");
      }
      try {
        return OptionalLong.of(Long.parseLong(parts[0]) * 1024L);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("unexpected " + name + " value in /proc status: '" + line + "'", e);
      }
    }
    return OptionalLong.empty();
  }
}
