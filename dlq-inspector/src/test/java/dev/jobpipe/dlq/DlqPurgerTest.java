package dev.jobpipe.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a purge would delete; the deletion itself is the Admin API's, tested on the real broker. */
class DlqPurgerTest {

  private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
  private InMemoryTopicLog log;
  private DlqPurger purger;

  @BeforeEach
  void seed() {
    log = new InMemoryTopicLog("jobs.x.dlq", 2);
    for (int i = 0; i < 6; i++) {
      log.add(Records.record("jobs.x.dlq", 0, i, T0.plusSeconds(i), null, null, new RecordHeaders()));
    }
    log.add(Records.record("jobs.x.dlq", 1, 0, T0.plusSeconds(100), null, null, new RecordHeaders()));
    log.deleteBefore(0, 2);
    purger = new DlqPurger(null, log, Duration.ofSeconds(1));
  }

  @Test
  void beforeAnOffsetDeletesFromTheLogStartInEveryPartition() {
    PurgePlan plan = purger.plan(new LogPosition.Offset(4), null);
    assertThat(plan.sorted()).isEqualTo(Map.of(0, new OffsetRange(2, 4), 1, new OffsetRange(0, 1)));
    assertThat(plan.count()).isEqualTo(3);
  }

  @Test
  void beforeATimeDeletesOlderRecordsOnly() {
    PurgePlan plan = purger.plan(new LogPosition.Time(T0.plusSeconds(5)), null);
    assertThat(plan.toDelete()).isEqualTo(Map.of(0, new OffsetRange(2, 5)));
  }

  @Test
  void onePartition() {
    assertThat(purger.plan(new LogPosition.Offset(99), 1).toDelete()).isEqualTo(Map.of(1, new OffsetRange(0, 1)));
    assertThatThrownBy(() -> purger.plan(new LogPosition.Offset(1), 5)).isInstanceOf(DlqException.class)
        .hasMessage("jobs.x.dlq has no partition 5 (partitions: [0, 1])");
  }

  @Test
  void nothingBeforeTheLogStartIsAnEmptyPlanThatDeletesNothing() {
    PurgePlan plan = purger.plan(new LogPosition.Offset(1), 0);
    assertThat(plan.isEmpty()).isTrue();
    assertThat(purger.purge(plan)).isZero();
  }
}
