package dev.jobpipe.reliability.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the {@link RecordingHandler} in a worker process behaves, passed to the child JVM as system
 * properties (the handler is instantiated by the worker by class name, so it cannot take
 * constructor arguments).
 *
 * @param logDirectory where the handler writes {@code executions-<pid>.log}
 * @param failOnceRate share (0..1) of unmarked job ids that fail on attempt 1
 * @param work how long each execution takes (a sleep: I/O-bound work)
 * @param hang how long a {@link Behavior#HANG_ONCE} execution blocks; longer than the worker's timeout,
 *     and the longest a {@link Behavior#HOLD} execution waits for its release
 */
public record HandlerSettings(Path logDirectory, double failOnceRate, Duration work, Duration hang) {

  public static final String LOG_DIR = "jobpipe.reliability.log.dir";
  public static final String FAIL_ONCE_RATE = "jobpipe.reliability.fail.once.rate";
  public static final String WORK_MS = "jobpipe.reliability.work.ms";
  public static final String HANG_MS = "jobpipe.reliability.hang.ms";

  /** Name of the file whose existence releases held jobs; not an execution log. */
  private static final String RELEASE_FILE = "release-held-jobs";
  /** Prefix of the file a held job creates when it starts waiting; not an execution log. */
  private static final String HOLDING_PREFIX = "holding-";

  public HandlerSettings {
    if (failOnceRate < 0 || failOnceRate > 1) {
      throw new IllegalArgumentException("failOnceRate must be in 0..1, got " + failOnceRate);
    }
    if (work.isNegative() || hang.isNegative()) {
      throw new IllegalArgumentException("work and hang must not be negative");
    }
  }

  /** Every job succeeds at once unless its id is marked. */
  public static HandlerSettings of(Path logDirectory) {
    return new HandlerSettings(logDirectory, 0, Duration.ZERO, Duration.ofMinutes(5));
  }

  public HandlerSettings withFailOnceRate(double rate) {
    return new HandlerSettings(logDirectory, rate, work, hang);
  }

  public HandlerSettings withWork(Duration w) {
    return new HandlerSettings(logDirectory, failOnceRate, w, hang);
  }

  public HandlerSettings withHang(Duration h) {
    return new HandlerSettings(logDirectory, failOnceRate, work, h);
  }

  /** The file the test creates to release every {@link Behavior#holds(int) held} job, at once and for good. */
  public Path releaseFile() {
    return logDirectory.resolve(RELEASE_FILE);
  }

  /** The file a held job creates once it waits for its release, so the test knows it is held. */
  public Path holdingFile(String jobId) {
    return logDirectory.resolve(HOLDING_PREFIX + jobId);
  }

  /** Whether {@code file} is one of the {@link #holdingFile} files. */
  public static boolean isHoldingFile(Path file) {
    return file.getFileName().toString().startsWith(HOLDING_PREFIX);
  }

  /** The {@code -D} options that carry these settings to a child JVM. */
  public List<String> jvmOptions() {
    return List.of(
        "-D" + LOG_DIR + "=" + logDirectory.toAbsolutePath(),
        "-D" + FAIL_ONCE_RATE + "=" + failOnceRate,
        "-D" + WORK_MS + "=" + work.toMillis(),
        "-D" + HANG_MS + "=" + hang.toMillis());
  }

  /** The settings of this JVM (the child side); throws naming the property when one is missing or bad. */
  public static HandlerSettings fromSystemProperties() {
    String dir = System.getProperty(LOG_DIR);
    if (dir == null || dir.isBlank()) {
      throw new IllegalStateException("system property " + LOG_DIR + " is not set: the recording handler "
          + "needs a directory for its execution log");
    }
    return new HandlerSettings(Path.of(dir), number(FAIL_ONCE_RATE, "0"),
        Duration.ofMillis((long) number(WORK_MS, "0")), Duration.ofMillis((long) number(HANG_MS, "300000")));
  }

  private static double number(String key, String defaultValue) {
    String text = System.getProperty(key, defaultValue);
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("system property " + key + " is not a number: '" + text + "'", e);
    }
  }
}
