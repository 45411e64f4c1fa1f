package dev.jobpipe.test;

import dev.jobpipe.schemas.DlqReason;
import java.time.Duration;
import java.util.Objects;

/**
 * What the pipeline does with one attempt of a job: the worker commits past it ({@link Succeeded}),
 * or the router sends it to a retry tier ({@link Retried}) or to the dead-letter topic
 * ({@link DeadLettered}).
 */
public sealed interface JobOutcome {

  /** The handler returned: the worker marks the job done and commits past it. */
  record Succeeded() implements JobOutcome {}

  /**
   * The handler failed retryably and attempts remain: the job waits in {@code jobs.T.retry.<tier>}
   * and runs again as attempt {@code nextAttempt}.
   *
   * @param tier the retry tier's delay (before jitter)
   * @param nextAttempt the attempt the retry runs as
   * @param error what the handler threw
   */
  record Retried(Duration tier, int nextAttempt, Throwable error) implements JobOutcome {
    public Retried {
      Objects.requireNonNull(tier, "tier");
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * The job goes to {@code jobs.T.dlq}.
   *
   * @param reason {@code FATAL} (terminal failure or a fatal exception of the policy),
   *     {@code EXHAUSTED} (the last allowed attempt failed) or {@code EXPIRED}
   * @param detail the router's one-line explanation
   * @param error what the handler threw
   */
  record DeadLettered(DlqReason reason, String detail, Throwable error) implements JobOutcome {
    public DeadLettered {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(error, "error");
    }
  }

  /** Whether the handler succeeded. */
  default boolean succeeded() {
    return this instanceof Succeeded;
  }
}
