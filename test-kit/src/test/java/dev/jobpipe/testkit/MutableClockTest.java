package dev.jobpipe.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MutableClockTest {

  private static final Instant START = Instant.parse("2026-10-25T00:29:58Z");

  @Test
  void aClockStandsStillUntilMoved() throws InterruptedException {
    MutableClock clock = new MutableClock(START);
    Thread.sleep(5);
    assertThat(clock.instant()).isEqualTo(START);
    clock.advance(Duration.ofHours(1));
    assertThat(clock.millis()).isEqualTo(START.plus(Duration.ofHours(1)).toEpochMilli());
  }

  @Test
  void aRunningClockRunsFromWhereItIsSet() throws InterruptedException {
    MutableClock clock = MutableClock.running(START);
    Thread.sleep(20);
    assertThat(clock.instant()).isAfterOrEqualTo(START.plusMillis(20)).isBefore(START.plusSeconds(60));
    Instant next = Instant.parse("2026-10-26T01:29:58Z");
    clock.set(next);
    Thread.sleep(5);
    assertThat(clock.instant()).isAfterOrEqualTo(next.plusMillis(5)).isBefore(next.plusSeconds(60));
    clock.advance(Duration.ofDays(1));
    assertThat(clock.instant()).isAfterOrEqualTo(next.plus(Duration.ofDays(1)));
  }
}
