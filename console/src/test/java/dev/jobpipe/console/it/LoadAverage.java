package dev.jobpipe.console.it;

import java.lang.management.ManagementFactory;

/** The machine's load, printed next to every figure a test measures (the build machine is shared). */
final class LoadAverage {

  private LoadAverage() {}

  static String now() {
    return String.format("load average %.2f on %d cores", ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
  }
}
