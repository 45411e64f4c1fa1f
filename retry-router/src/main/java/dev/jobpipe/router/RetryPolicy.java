package dev.jobpipe.router;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How failures of one job type are retried: the tier delays, how many attempts in all, how much
 * jitter spreads a burst of retries, which error classes are not worth retrying, and how old a job
 * may get before it is given up as expired.
 *
 * <p>Attempt {@code n} (1-based) that fails is retried through tier {@code n-1}; attempts beyond the
 * tier list reuse the last tier, so {@code maxAttempts} may exceed {@code tiers.size() + 1}. The
 * default {@code maxAttempts} is {@code tiers.size() + 1}: one first attempt plus one retry per tier.
 *
 * @param maxAttempts attempts in all, the first one included; a failure of this attempt is a dead
 *     letter ({@code EXHAUSTED})
 * @param tiers retry delays, one per tier topic {@code jobs.T.retry.<delay>}, at least one
 * @param jitter fraction in {@code [0, 1)}: a retry is due after {@code delay × (1 ± jitter)}
 * @param fatalExceptions fully-qualified class names that go straight to the DLQ as {@code FATAL}
 *     when they are the error class or one of its causes
 * @param expiry when present, a failure of a job enqueued longer ago than this is {@code EXPIRED}
 */
public record RetryPolicy(
    int maxAttempts, List<Duration> tiers, double jitter, Set<String> fatalExceptions, Optional<Duration> expiry) {

  /** Tiers used when neither the policy file nor the flags name any: {@code 5s,30s,5m}. */
  public static final List<Duration> DEFAULT_TIERS =
      List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(5));

  /** ±20 %: enough to spread a burst of simultaneous failures, small enough to keep tiers distinct. */
  public static final double DEFAULT_JITTER = 0.2;

  /** Validates every field; throws {@link IllegalArgumentException} saying which and why. */
  public RetryPolicy {
    Objects.requireNonNull(tiers, "tiers");
    Objects.requireNonNull(fatalExceptions, "fatalExceptions");
    Objects.requireNonNull(expiry, "expiry");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1, was " + maxAttempts);
    }
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("at least one retry tier is required");
    }
    for (Duration tier : tiers) {
      if (tier == null || tier.isNegative() || tier.isZero()) {
        throw new IllegalArgumentException("retry tier delays must be positive, was " + tier);
      }
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
    }
    if (expiry.isPresent() && (expiry.get().isNegative() || expiry.get().isZero())) {
      throw new IllegalArgumentException("expiry must be positive, was " + expiry.get());
    }
    tiers = List.copyOf(tiers);
    fatalExceptions = Set.copyOf(fatalExceptions);
  }

  /** Tiers {@code 5s,30s,5m}, 4 attempts, ±20 % jitter, no fatal classes, no expiry. */
  public static RetryPolicy defaults() {
    return ofTiers(DEFAULT_TIERS);
  }

  /** {@code tiers} with the default attempts ({@code tiers + 1}), jitter and nothing fatal. */
  public static RetryPolicy ofTiers(List<Duration> tiers) {
    return new RetryPolicy(tiers.size() + 1, tiers, DEFAULT_JITTER, Set.of(), Optional.empty());
  }

  /** The tier a failure of {@code attempt} (1-based) waits in: index {@code attempt-1}, clamped. */
  public Duration tierFor(int attempt) {
    int index = Math.min(Math.max(attempt, 1) - 1, tiers.size() - 1);
    return tiers.get(index);
  }

  public RetryPolicy withMaxAttempts(int value) {
    return new RetryPolicy(value, tiers, jitter, fatalExceptions, expiry);
  }

  public RetryPolicy withTiers(List<Duration> value) {
    return new RetryPolicy(maxAttempts, value, jitter, fatalExceptions, expiry);
  }

  public RetryPolicy withJitter(double value) {
    return new RetryPolicy(maxAttempts, tiers, value, fatalExceptions, expiry);
  }

  public RetryPolicy withFatalExceptions(Set<String> value) {
    return new RetryPolicy(maxAttempts, tiers, jitter, value, expiry);
  }

  public RetryPolicy withExpiry(Duration value) {
    return new RetryPolicy(maxAttempts, tiers, jitter, fatalExceptions, Optional.ofNullable(value));
  }
}
