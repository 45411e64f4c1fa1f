package dev.jobpipe.schemas.control;

import java.time.Instant;

/**
 * A {@code cancel/<job id>} key: the job is skipped when a worker meets it before it started, and
 * interrupted when it is running. The entry holds until {@link #expiresAt()}: long enough for a job
 * waiting in a retry tier or in {@code jobs.T.scheduled} to come by; after it, workers ignore it and
 * a control client deletes it (a tombstone) when it next writes a cancellation.
 */
public record Cancellation(String jobId, Instant expiresAt, String by, Instant at, String reason)
    implements ControlEntry {

  public Cancellation {
    ControlKey.cancel(jobId);
    expiresAt = Actors.millis(expiresAt, "expiresAt");
    by = Actors.require(by);
    at = Actors.millis(at, "at");
  }

  /** True while the cancellation holds at {@code nowMillis}. */
  public boolean activeAt(long nowMillis) {
    return nowMillis < expiresAt.toEpochMilli();
  }

  @Override
  public String key() {
    return ControlKey.cancel(jobId);
  }
}
