package dev.jobpipe.router;

import dev.jobpipe.schemas.errors.ExceptionTable;
import dev.jobpipe.schemas.DlqReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The policy-driven decision, in this order: a failure the worker marked terminal, or whose cause
 * chain has a class (or superclass) in the policy's fatal list, is {@code FATAL} (the
 * {@link ExceptionTable} walk the worker uses too); a job older than
 * the policy's expiry is {@code EXPIRED}; a failure of the last allowed attempt is
 * {@code EXHAUSTED}; anything else waits in tier {@code attempt-1} (clamped to the last tier) until
 * now + delay × (1 ± jitter). Time and randomness are injected so tests decide without sleeping.
 */
public final class DefaultRoutingDecider implements RoutingDecider {

  private final RetryPolicies policies;
  private final Clock clock;
  private final RandomGenerator random;

  public DefaultRoutingDecider(RetryPolicies policies, Clock clock, RandomGenerator random) {
    this.policies = Objects.requireNonNull(policies, "policies");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public RoutingDecision decide(Failure failure) {
    RetryPolicy policy = policies.forType(failure.type());
    Instant now = clock.instant();
    if (!failure.retryable()) {
      return new RoutingDecision.DeadLetter(DlqReason.FATAL,
          "the worker classified " + failure.errorClass().orElse("the failure") + " as terminal");
    }
    Optional<String> fatal = fatalClass(failure, policy);
    if (fatal.isPresent()) {
      return new RoutingDecision.DeadLetter(DlqReason.FATAL, fatal.get() + " is in the fatal exceptions of the policy");
    }
    if (policy.expiry().isPresent() && failure.enqueuedAt().isPresent()
        && failure.enqueuedAt().get().plus(policy.expiry().get()).isBefore(now)) {
      return new RoutingDecision.DeadLetter(DlqReason.EXPIRED,
          "enqueued at " + failure.enqueuedAt().get() + ", expiry " + policy.expiry().get());
    }
    if (failure.attempt() >= policy.maxAttempts()) {
      return new RoutingDecision.DeadLetter(DlqReason.EXHAUSTED,
          "attempt " + failure.attempt() + " of " + policy.maxAttempts() + " failed");
    }
    Duration tier = policy.tierFor(failure.attempt());
    return new RoutingDecision.Retry(tier, now.plus(jittered(tier, policy.jitter())));
  }

  /** {@code tier × (1 + jitter × u)} with {@code u} uniform in [-1, 1), never negative. */
  private Duration jittered(Duration tier, double jitter) {
    if (jitter == 0.0) {
      return tier;
    }
    double factor = 1.0 + jitter * (2.0 * random.nextDouble() - 1.0);
    return Duration.ofMillis(Math.max(0L, Math.round(tier.toMillis() * factor)));
  }

  /** The first class of the failure's cause chain that the policy's fatal exceptions recognise. */
  private static Optional<String> fatalClass(Failure failure, RetryPolicy policy) {
    if (policy.fatalExceptions().isEmpty()) {
      return Optional.empty();
    }
    ExceptionTable.Builder table = ExceptionTable.builder();
    policy.fatalExceptions().forEach(name -> table.put(name, ExceptionTable.Verdict.TERMINAL));
    return table.build().firstMatch(failure.causes());
  }
}
