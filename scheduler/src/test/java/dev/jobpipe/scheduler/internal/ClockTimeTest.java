package dev.jobpipe.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ClockTimeTest {

  @Test
  void millisecondsAreTheClocksAndAWaitEndsAtTheConditionOrTheDeadline() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-10-25T00:29:58Z"));
    ClockTime time = new ClockTime(clock);
    assertThat(time.milliseconds()).isEqualTo(Instant.parse("2026-10-25T00:29:58Z").toEpochMilli());
    clock.advance(Duration.ofHours(1));
    assertThat(time.milliseconds()).isEqualTo(Instant.parse("2026-10-25T01:29:58Z").toEpochMilli());

    AtomicInteger checks = new AtomicInteger();
    time.waitObject(new Object(), () -> checks.incrementAndGet() > 0, time.milliseconds() + 10_000);
    assertThat(checks).hasValue(1);
    // the deadline is on the clock: one already passed ends the wait at once
    assertThatThrownBy(() -> time.waitObject(new Object(), () -> false, time.milliseconds() - 1))
        .isInstanceOf(TimeoutException.class);
  }
}
