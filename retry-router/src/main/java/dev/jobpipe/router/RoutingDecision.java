package dev.jobpipe.router;

import dev.jobpipe.schemas.DlqReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Where one failure goes: a retry tier with its due time, or the dead-letter topic with a reason. */
public sealed interface RoutingDecision {

  /**
   * Wait in the tier topic of {@code tier} until {@code notBefore}, then run again.
   *
   * @param tier the nominal delay that names the tier topic, e.g. 30s for {@code jobs.T.retry.30s}
   * @param notBefore the jittered due time written to {@code jobpipe.not.before}
   */
  record Retry(Duration tier, Instant notBefore) implements RoutingDecision {
    public Retry {
      Objects.requireNonNull(tier, "tier");
      Objects.requireNonNull(notBefore, "notBefore");
    }
  }

  /**
   * Give up: the job goes to {@code jobs.T.dlq} with {@code jobpipe.dlq.reason}.
   *
   * @param reason the header value
   * @param detail a human-readable why, for logs
   */
  record DeadLetter(DlqReason reason, String detail) implements RoutingDecision {
    public DeadLetter {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
