package dev.jobpipe.deploy.local.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The JVM options every child of the stack shares. */
public final class JvmOptions {
  private static final Pattern HEAP_SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

  private JvmOptions() {}

  /**
   * Heap bounds, a clean exit on OutOfMemoryError, and with {@code fastStartup} the C1 compiler
   * only and the serial collector: a short-lived test broker never pays back C2's compile time, and
   * on two cores the spare CPU matters more.
   */
  public static List<String> of(String maxHeap, boolean fastStartup) {
    List<String> options = new ArrayList<>(List.of(
        "-Xms64m", "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
        "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS",
        "-Dorg.slf4j.simpleLogger.logFile=System.out"));
    if (fastStartup) {
      options.add("-XX:TieredStopAtLevel=1");
      options.add("-XX:+UseSerialGC");
    }
    if (Runtime.version().feature() >= 23) {
      // Kafka and Netty still use sun.misc.Unsafe; without this every start logs a warning block.
      options.add("--sun-misc-unsafe-memory-access=allow");
    }
    return options;
  }

  /** Validates a heap size such as {@code 768m}, naming {@code what} in the error. */
  public static String requireHeapSize(String size, String what) {
    if (size == null || !HEAP_SIZE.matcher(size).matches()) {
      throw new IllegalArgumentException(what + " must be a JVM heap size such as 512m or 1g, got '" + size + "'");
    }
    return size;
  }
}
