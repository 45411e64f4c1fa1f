package dev.jobpipe.consumer;

import java.util.Objects;
import java.util.Optional;

/**
 * What a handler reports back about a job it ran successfully, e.g. the id of the row it wrote. The
 * worker puts it in the job's {@code jobs.T.done} record (cut to {@code done.result.max.bytes}), so
 * that the job ledger can answer it to whoever asks about the job. Set it from the handler's thread
 * before returning; a value set after the handler returned, or by a failing handler, is not sent.
 */
public final class JobResult {

  private volatile String value;

  /** Sets the result, replacing any earlier one. */
  public void set(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The result set so far, if any. */
  public Optional<String> get() {
    return Optional.ofNullable(value);
  }

  @Override
  public String toString() {
    return "JobResult[" + (value == null ? "" : value) + "]";
  }
}
