package dev.jobpipe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FireTimesTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static CronSchedule daily(String cron, ZoneId zone) {
    return new CronSchedule("d", "t", cron, null, zone, "{}", null, null, null, true, null);
  }

  @Test
  void aCronExpressionFiresInItsZone() {
    List<Instant> next = daily("0 2 * * *", BERLIN).nextFireTimes(Instant.parse("2026-01-10T12:00:00Z"), 2);
    assertThat(next).containsExactly(Instant.parse("2026-01-11T01:00:00Z"), Instant.parse("2026-01-12T01:00:00Z"));
  }

  @Test
  void springForwardSkipsTheMissingLocalTimeAndFallBackFiresOnce() {
    // 2026-03-29 02:00 CET jumps to 03:00 CEST: 02:30 does not exist that day, and cron-utils skips it
    CronSchedule spring = daily("30 2 * * *", BERLIN);
    List<Instant> march = spring.nextFireTimes(ZonedDateTime.of(2026, 3, 27, 12, 0, 0, 0, BERLIN).toInstant(), 3);
    assertThat(march).containsExactly(
        ZonedDateTime.of(2026, 3, 28, 2, 30, 0, 0, BERLIN).toInstant(),
        ZonedDateTime.of(2026, 3, 30, 2, 30, 0, 0, BERLIN).toInstant(),
        ZonedDateTime.of(2026, 3, 31, 2, 30, 0, 0, BERLIN).toInstant());

    // 2026-10-25 03:00 CEST goes back to 02:00 CET: 02:30 happens twice; a daily schedule fires once
    CronSchedule autumn = daily("30 2 * * *", BERLIN);
    Instant before = ZonedDateTime.of(2026, 10, 24, 12, 0, 0, 0, BERLIN).toInstant();
    List<Instant> october = autumn.nextFireTimes(before, 3);
    assertThat(october).doesNotHaveDuplicates();
    long onThe25th = october.stream()
        .filter(t -> t.atZone(BERLIN).toLocalDate().equals(java.time.LocalDate.of(2026, 10, 25))).count();
    assertThat(onThe25th).isEqualTo(1);
    assertThat(october).extracting(t -> t.atZone(BERLIN).toLocalDate().getDayOfMonth()).containsExactly(25, 26, 27);
  }

  @Test
  void previousCountsBackTheFireTimesThatNextCountsForward() {
    // cron-utils' lastExecution returns the second 02:30 of 2026-10-25 (01:30Z), which nextExecution skips
    FireTimes nightly = daily("30 2 * * *", BERLIN).fireTimes();
    assertThat(nightly.next(Instant.parse("2026-10-25T00:30:00Z"))).contains(Instant.parse("2026-10-26T01:30:00Z"));
    assertThat(nightly.previous(Instant.parse("2026-10-26T01:00:00Z"))).contains(Instant.parse("2026-10-25T00:30:00Z"));
    assertThat(nightly.previous(Instant.parse("2026-10-25T00:30:00Z"))).contains(Instant.parse("2026-10-24T00:30:00Z"));
    assertThat(nightly.previous(Instant.parse("2026-03-30T00:00:00Z"))).contains(Instant.parse("2026-03-28T01:30:00Z"));
    FireTimes hourly = daily("0 * * * *", BERLIN).fireTimes();
    assertThat(hourly.previous(Instant.parse("2026-10-25T01:30:00Z"))).contains(Instant.parse("2026-10-25T01:00:00Z"));
  }

  @Test
  void anHourlyScheduleAcrossFallBackKeepsDistinctInstants() {
    CronSchedule hourly = daily("0 * * * *", BERLIN);
    List<Instant> fires = hourly.nextFireTimes(Instant.parse("2026-10-24T23:30:00Z"), 4);
    assertThat(fires).doesNotHaveDuplicates().isSorted();
    assertThat(fires.stream().map(t -> CronSchedule.fireId("h", t)).toList()).doesNotHaveDuplicates();
  }

  @Test
  void sixFieldsMeanSecondsFirst() {
    CronSchedule every10s = daily("*/10 * * * * *", ZoneId.of("UTC"));
    assertThat(every10s.nextFireTimes(Instant.parse("2026-01-01T00:00:01Z"), 2))
        .containsExactly(Instant.parse("2026-01-01T00:00:10Z"), Instant.parse("2026-01-01T00:00:20Z"));
  }

  @Test
  void anIntervalIsAlignedToTheEpoch() {
    FireTimes every = FireTimes.every(Duration.ofMinutes(15));
    assertThat(every.next(Instant.parse("2026-01-01T00:07:00Z"))).contains(Instant.parse("2026-01-01T00:15:00Z"));
    assertThat(every.next(Instant.parse("2026-01-01T00:15:00Z"))).contains(Instant.parse("2026-01-01T00:30:00Z"));
    assertThat(every.previous(Instant.parse("2026-01-01T00:15:00Z"))).contains(Instant.parse("2026-01-01T00:00:00Z"));
    assertThatThrownBy(() -> FireTimes.every(Duration.ofMillis(500))).hasMessageContaining("at least 1s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "* * *", "61 * * * *", "0 25 * * *", "every day", "0 0 * * * * * *"})
  void expressionsThatDoNotParseAreRefusedWithTheExpression(String cron) {
    assertThatThrownBy(() -> daily(cron, ZoneId.of("UTC")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("schedule d: cron expression '" + cron + "'");
  }

  @Test
  void anUnknownZoneIsRefusedByName() {
    assertThatThrownBy(() -> CronSchedule.zone("Mars/Olympus")).hasMessage("unknown time zone 'Mars/Olympus'");
  }

  @Test
  void theFireIdIsNameAtTheIsoInstant() {
    assertThat(CronSchedule.fireId("nightly", Instant.parse("2026-03-01T02:00:00Z"))).isEqualTo("nightly@2026-03-01T02:00:00Z");
  }
}
