package dev.jobpipe.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

  @Test
  void dueCountFollowsTheRateNotTheSendTimes() {
    assertThat(Pacer.dueBy(2_000, 0)).isZero();
    assertThat(Pacer.dueBy(2_000, 499_999)).isZero();
    assertThat(Pacer.dueBy(2_000, 500_000)).isEqualTo(1);
    assertThat(Pacer.dueBy(2_000, 1_000_000_000L)).isEqualTo(2_000);
    assertThat(Pacer.dueBy(2_000, 10_000_000_000L)).isEqualTo(20_000);
  }

  @Test
  void sendsInOrderWithIncreasingTimestampsAndStops() throws Exception {
    List<Long> indexes = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    long sent = Pacer.run(1_000, Duration.ofMillis(50), (i, t) -> {
      indexes.add(i);
      times.add(t);
    });
    assertThat(sent).isEqualTo(indexes.size()).isLessThanOrEqualTo(50);
    for (int i = 0; i < indexes.size(); i++) {
      assertThat(indexes.get(i)).isEqualTo(i);
    }
    assertThat(times).isSorted();
  }

  @Test
  void countedRunSendsExactlyTheCount() throws Exception {
    List<Long> indexes = new ArrayList<>();
    Pacer.runCount(100_000, 997, (i, t) -> indexes.add(i));
    assertThat(indexes).hasSize(997);
    assertThat(indexes.getLast()).isEqualTo(996);
  }
}
