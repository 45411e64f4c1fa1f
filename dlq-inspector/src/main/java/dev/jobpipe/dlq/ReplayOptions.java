package dev.jobpipe.dlq;

import java.util.Objects;

/**
 * How a DLQ replay runs.
 *
 * @param dryRun decide and report, send nothing (not even replay-log entries)
 * @param force replay letters the replay log says were already replayed
 * @param rate the most records per second to send
 */
public record ReplayOptions(boolean dryRun, boolean force, RateLimit rate) {

  public ReplayOptions {
    Objects.requireNonNull(rate, "rate");
  }

  /** Sends for real, skips already-replayed letters, no rate limit. */
  public static ReplayOptions defaults() {
    return new ReplayOptions(false, false, RateLimit.UNLIMITED);
  }
}
