package dev.jobpipe.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The machine a run was made on, so that figures from different machines are never compared
 * blindly: cores, memory, CPU model, JDK and the load average when the run started (the machine is
 * often shared, and load from elsewhere moves every figure).
 *
 * @param cores processors available to the JVM
 * @param memoryBytes total memory ({@code MemTotal} of {@code /proc/meminfo}), 0 if unknown
 * @param cpuModel the CPU's model name, or {@code unknown}
 * @param jdk vendor and version of the JDK the harness and its child JVMs run on
 * @param os operating system name, version and architecture
 * @param loadAverage the 1, 5 and 15 minute load averages, e.g. {@code 0.52 0.40 0.31}
 */
public record MachineInfo(int cores, long memoryBytes, String cpuModel, String jdk, String os, String loadAverage) {

  /** This machine, now. */
  public static MachineInfo current() {
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        memTotal(Path.of("/proc/meminfo")).orElse(0L),
        cpuModel(Path.of("/proc/cpuinfo")),
        System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        currentLoadAverage());
  }

  /** The three load averages of {@code /proc/loadavg}, or {@code unknown}. */
  public static String currentLoadAverage() {
    try {
      return parseLoadAverage(Files.readString(Path.of("/proc/loadavg")));
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** {@code 0.52 0.40 0.31 1/123 4567} becomes {@code 0.52 0.40 0.31}. */
  static String parseLoadAverage(String text) {
    String[] parts = text.trim().split("\\s+");
    if (parts.length < 3) {
      throw new IllegalArgumentException("unexpected /proc/loadavg: '" + text.trim() + "'");
    }
    return parts[0] + " " + parts[1] + " " + parts[2];
  }

  /** The 1-minute load average as a number, or NaN when unknown. */
  public double loadAverage1m() {
    try {
      return Double.parseDouble(loadAverage.split(" ")[0]);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static OptionalLong memTotal(Path meminfo) {
    try {
      return ProcStatus.parseKb(Files.readString(meminfo), "MemTotal");
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  private static String cpuModel(Path cpuinfo) {
    try {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux, or no access: the report says unknown
    }
    return "unknown";
  }
}
