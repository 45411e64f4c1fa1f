package dev.jobpipe.router;

import dev.jobpipe.schemas.DlqReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The policy-driven decision, in this order: a failure the worker marked terminal, or whose error
 * class (or a cause in its stack) is in the policy's fatal list, is {@code FATAL}; a job older than
 * the policy's expiry is {@code EXPIRED}; a failure of the last allowed attempt is
 * {@code EXHAUSTED}; anything else waits in tier {@code attempt-1} (clamped to the last tier) until
 * now + delay × (1 ± jitter). Time and randomness are injected so tests decide without sleeping.
 */
public final class DefaultRoutingDecider implements RoutingDecider {

  private static final String CAUSED_BY = "Caused by: ";

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

  /** The first fatal class among the error class and the {@code Caused by:} lines of its stack. */
  private static Optional<String> fatalClass(Failure failure, RetryPolicy policy) {
    if (policy.fatalExceptions().isEmpty()) {
      return Optional.empty();
    }
    if (failure.errorClass().isPresent() && policy.fatalExceptions().contains(failure.errorClass().get().trim())) {
      return failure.errorClass().map(String::trim);
    }
    if (failure.errorStack().isPresent()) {
      for (String line : failure.errorStack().get().split("\\R")) {
        String trimmed = line.trim();
        if (trimmed.startsWith(CAUSED_BY)) {
          String cause = trimmed.substring(CAUSED_BY.length());
          int end = cause.indexOf(':');
          cause = (end < 0 ? cause : cause.substring(0, end)).trim();
          if (policy.fatalExceptions().contains(cause)) {
            return Optional.of(cause);
          }
        }
      }
    }
    return Optional.empty();
  }
}
