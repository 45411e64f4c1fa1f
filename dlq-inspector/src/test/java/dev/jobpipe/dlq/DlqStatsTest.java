package dev.jobpipe.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.schemas.DlqReason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DlqStatsTest {

  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  @Test
  void countsByReasonAndClassWithRateOverTheLastHour() {
    InMemoryTopicLog log = new InMemoryTopicLog("jobs.x.dlq", 2);
    log.add(Records.letter("jobs.x.dlq", 0, 0, NOW.minusSeconds(7200), "a", DlqReason.EXHAUSTED, "a.Smtp"));
    log.add(Records.letter("jobs.x.dlq", 0, 1, NOW.minusSeconds(3600), "b", DlqReason.EXHAUSTED, "a.Smtp"));
    log.add(Records.letter("jobs.x.dlq", 1, 0, NOW.minusSeconds(60), "c", DlqReason.FATAL, "a.Npe"));
    log.add(Records.record("jobs.x.dlq", 1, 1, NOW.minusSeconds(30), null, null, new RecordHeaders()));

    DlqStats stats = DlqStats.of(new DeadLetterReader(log, 10), Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(stats.total()).isEqualTo(4);
    assertThat(stats.byReasonSorted()).containsExactly(
        Map.entry("EXHAUSTED", 2L), Map.entry("(unknown)", 1L), Map.entry("FATAL", 1L));
    assertThat(stats.byErrorClassSorted()).containsExactly(
        Map.entry("a.Smtp", 2L), Map.entry("(unknown)", 1L), Map.entry("a.Npe", 1L));
    assertThat(stats.oldest()).isEqualTo(NOW.minusSeconds(7200));
    assertThat(stats.newest()).isEqualTo(NOW.minusSeconds(30));
    assertThat(stats.lastHour()).isEqualTo(3);
    assertThat(stats.perMinuteLastHour()).isEqualTo(0.05);
    assertThat(stats.asOf()).isEqualTo(NOW);
  }

  @Test
  void copiesWithTheSameOriginAndAttemptAreCountedOnceAndReported() {
    InMemoryTopicLog log = new InMemoryTopicLog("jobs.x.dlq", 1);
    var a = Records.letter("jobs.x.dlq", 0, 0, NOW.minusSeconds(60), "a", DlqReason.UNDECODABLE, "a.Bad");
    log.add(a);
    log.add(Records.letter("jobs.x.dlq", 0, 1, NOW.minusSeconds(50), "b", DlqReason.UNDECODABLE, "a.Bad"));
    log.add(Records.copyAt(a, 0, 2, NOW.minusSeconds(10)));
    log.add(Records.copyAt(a, 0, 3, NOW.minusSeconds(5)));

    DlqStats stats = DlqStats.of(new DeadLetterReader(log, 10), Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(stats.total()).isEqualTo(2);
    assertThat(stats.hiddenCopies()).isEqualTo(2);
    assertThat(stats.byReason()).containsExactly(Map.entry("UNDECODABLE", 2L));
    assertThat(stats.newest()).isEqualTo(NOW.minusSeconds(50));
  }

  @Test
  void emptyDlq() {
    DlqStats stats = DlqStats.of(new DeadLetterReader(new InMemoryTopicLog("jobs.x.dlq", 1), 10),
        Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(stats.total()).isZero();
    assertThat(stats.oldest()).isNull();
    assertThat(stats.byReason()).isEmpty();
    assertThat(stats.perMinuteLastHour()).isZero();
  }
}
