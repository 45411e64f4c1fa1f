package dev.jobpipe.router;

import dev.jobpipe.testkit.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.schemas.DlqReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultRoutingDeciderTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);

  private static RandomGenerator fixed(double value) {
    long bits = (long) (value * (1L << 53)) << 11;
    return () -> bits;
  }

  private static Failure failure(int attempt) {
    return new Failure("email", attempt, Optional.of("job-1"), Optional.of(NOW.minusSeconds(10)), true,
        Optional.of("java.io.IOException"), Optional.empty());
  }

  private RoutingDecision decide(RetryPolicy policy, Failure failure, double random) {
    return new DefaultRoutingDecider(RetryPolicies.of(policy, java.util.Map.of()), clock, fixed(random)).decide(failure);
  }

  @ParameterizedTest(name = "attempt {0} -> tier {1}")
  @CsvSource({"1,5s", "2,30s", "3,5m"})
  void retryableFailureWaitsInTheTierOfItsAttempt(int attempt, String tier) {
    RoutingDecision decision = decide(RetryPolicy.defaults().withJitter(0), failure(attempt), 0.5);
    Duration delay = dev.jobpipe.schemas.RetryDelays.parse(tier);
    assertThat(decision).isEqualTo(new RoutingDecision.Retry(delay, NOW.plus(delay)));
  }

  @Test
  void attemptsBeyondTheTierListReuseTheLastTier() {
    RoutingDecision decision = decide(RetryPolicy.defaults().withJitter(0).withMaxAttempts(10), failure(7), 0.5);
    assertThat(decision).isEqualTo(new RoutingDecision.Retry(Duration.ofMinutes(5), NOW.plus(Duration.ofMinutes(5))));
  }

  @Test
  void jitterStaysWithinItsBounds() {
    RetryPolicy policy = RetryPolicy.defaults().withJitter(0.2);
    RoutingDecision.Retry low = (RoutingDecision.Retry) decide(policy, failure(1), 0.0);
    RoutingDecision.Retry mid = (RoutingDecision.Retry) decide(policy, failure(1), 0.5);
    RoutingDecision.Retry high = (RoutingDecision.Retry) decide(policy, failure(1), 0.999999);
    assertThat(low.notBefore()).isEqualTo(NOW.plusMillis(4_000));
    assertThat(mid.notBefore()).isEqualTo(NOW.plusMillis(5_000));
    assertThat(high.notBefore()).isBetween(NOW.plusMillis(5_999), NOW.plusMillis(6_000));
    assertThat(high.tier()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void lastAttemptIsExhausted() {
    RoutingDecision decision = decide(RetryPolicy.defaults(), failure(4), 0.5);
    assertThat(decision).isInstanceOfSatisfying(RoutingDecision.DeadLetter.class,
        d -> assertThat(d.reason()).isEqualTo(DlqReason.EXHAUSTED));
    assertThat(decide(RetryPolicy.defaults(), failure(9), 0.5))
        .isInstanceOfSatisfying(RoutingDecision.DeadLetter.class, d -> assertThat(d.reason()).isEqualTo(DlqReason.EXHAUSTED));
  }

  @Test
  void singleAttemptPolicyNeverRetries() {
    RetryPolicy policy = RetryPolicy.defaults().withMaxAttempts(1);
    assertThat(decide(policy, failure(1), 0.5)).isInstanceOf(RoutingDecision.DeadLetter.class);
  }

  @Test
  void failureTheWorkerMarkedTerminalIsFatalEvenOnItsFirstAttempt() {
    Failure terminal = new Failure("email", 1, Optional.of("j"), Optional.empty(), false,
        Optional.of("com.acme.BadInput"), Optional.empty());
    assertThat(decide(RetryPolicy.defaults(), terminal, 0.5))
        .isInstanceOfSatisfying(RoutingDecision.DeadLetter.class, d -> assertThat(d.reason()).isEqualTo(DlqReason.FATAL));
  }

  @Test
  void errorClassInTheFatalListIsFatal() {
    RetryPolicy policy = RetryPolicy.defaults().withFatalExceptions(Set.of("java.io.IOException"));
    assertThat(decide(policy, failure(1), 0.5))
        .isInstanceOfSatisfying(RoutingDecision.DeadLetter.class, d -> {
          assertThat(d.reason()).isEqualTo(DlqReason.FATAL);
          assertThat(d.detail()).contains("java.io.IOException");
        });
  }

  @Test
  void causeInTheStackInTheFatalListIsFatal() {
    RetryPolicy policy = RetryPolicy.defaults().withFatalExceptions(Set.of("com.acme.NoSuchAccount"));
    String stack = """
        java.lang.RuntimeException: wrapped
        \tat com.acme.Handler.run(Handler.java:10)
        Caused by: com.acme.NoSuchAccount: account 42
        \t... 3 more
        """;
    Failure wrapped = new Failure("email", 1, Optional.of("j"), Optional.empty(), true,
        Optional.of("java.lang.RuntimeException"), Optional.of(stack));
    assertThat(decide(policy, wrapped, 0.5))
        .isInstanceOfSatisfying(RoutingDecision.DeadLetter.class, d -> assertThat(d.reason()).isEqualTo(DlqReason.FATAL));
    Failure unrelated = new Failure("email", 1, Optional.of("j"), Optional.empty(), true,
        Optional.of("java.lang.RuntimeException"), Optional.of("java.lang.RuntimeException: x\nCaused by: com.acme.Other: y"));
    assertThat(decide(policy, unrelated, 0.5)).isInstanceOf(RoutingDecision.Retry.class);
  }

  @Test
  void jobOlderThanItsExpiryIsExpired() {
    RetryPolicy policy = RetryPolicy.defaults().withExpiry(Duration.ofSeconds(5));
    assertThat(decide(policy, failure(1), 0.5))
        .isInstanceOfSatisfying(RoutingDecision.DeadLetter.class, d -> assertThat(d.reason()).isEqualTo(DlqReason.EXPIRED));
    RetryPolicy lenient = RetryPolicy.defaults().withExpiry(Duration.ofSeconds(11));
    assertThat(decide(lenient, failure(1), 0.5)).isInstanceOf(RoutingDecision.Retry.class);
  }

  @Test
  void jobWithoutEnqueuedAtNeverExpires() {
    RetryPolicy policy = RetryPolicy.defaults().withExpiry(Duration.ofMillis(1));
    Failure unknownAge = new Failure("email", 1, Optional.of("j"), Optional.empty(), true, Optional.empty(), Optional.empty());
    assertThat(decide(policy, unknownAge, 0.5)).isInstanceOf(RoutingDecision.Retry.class);
  }

  @Test
  void fatalWinsOverExpiredWhichWinsOverExhausted() {
    RetryPolicy policy = RetryPolicy.defaults().withExpiry(Duration.ofSeconds(1)).withFatalExceptions(Set.of("java.io.IOException"));
    assertThat(((RoutingDecision.DeadLetter) decide(policy, failure(4), 0.5)).reason()).isEqualTo(DlqReason.FATAL);
    RetryPolicy noFatal = policy.withFatalExceptions(Set.of());
    assertThat(((RoutingDecision.DeadLetter) decide(noFatal, failure(4), 0.5)).reason()).isEqualTo(DlqReason.EXPIRED);
  }

  @Test
  void usesThePolicyOfTheFailuresType() {
    RetryPolicies policies = RetryPolicies.of(RetryPolicy.defaults().withJitter(0),
        java.util.Map.of("email", RetryPolicy.ofTiers(List.of(Duration.ofSeconds(1))).withJitter(0)));
    DefaultRoutingDecider decider = new DefaultRoutingDecider(policies, clock, fixed(0.5));
    assertThat(decider.decide(failure(1))).isEqualTo(new RoutingDecision.Retry(Duration.ofSeconds(1), NOW.plusSeconds(1)));
    assertThat(decider.decide(failure(2))).isInstanceOf(RoutingDecision.DeadLetter.class);
  }
}
