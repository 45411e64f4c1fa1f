package dev.jobpipe.bench.contender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void stopsTheClockAtTheExpectedCount() throws Exception {
    AtomicLong cpu = new AtomicLong(1_000);
    Progress p = new Progress(3, cpu::get);
    assertThat(p.elapsedNanos()).isZero();
    p.started();
    cpu.set(5_000);
    p.started(); // only the first start counts
    p.completed(2);
    assertThat(p.await(Duration.ofMillis(1))).isFalse();
    cpu.set(9_000);
    p.completed(1);
    assertThat(p.await(Duration.ofMillis(1))).isTrue();
    long elapsed = p.elapsedNanos();
    assertThat(elapsed).isPositive();
    cpu.set(50_000);
    p.completed(1); // a duplicate past the end moves nothing
    assertThat(p.elapsedNanos()).isEqualTo(elapsed);
    assertThat(p.cpuNanos()).isEqualTo(8_000);
    assertThat(p.completedCount()).isEqualTo(4);
  }

  @Test
  void cpuUnknownUntilDone() {
    Progress p = new Progress(2, () -> 7);
    p.started();
    p.completed(1);
    assertThat(p.cpuNanos()).isEqualTo(-1);
    assertThat(new Progress(1).cpuNanos()).isEqualTo(-1);
  }

  @Test
  void needsAPositiveCount() {
    assertThatThrownBy(() -> new Progress(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timesEachTenthAndCountsWhatTheRunSpent() {
    java.util.concurrent.atomic.AtomicLong gcs = new java.util.concurrent.atomic.AtomicLong();
    Progress p = Progress.counting(20, () -> new RuntimeCounters(100, gcs.get(), 10 * gcs.get(), 5, 7));
    p.started();
    p.completed(1);
    assertThat(p.shareMillis()).isEmpty();
    gcs.set(3);
    p.completed(18);
    assertThat(p.spent()).isNull();
    p.completed(1);
    assertThat(p.shareMillis()).hasSize(Progress.SHARES).allSatisfy(ms -> assertThat(ms).isNotNegative());
    assertThat(p.spent()).isEqualTo(new RuntimeCounters(0, 3, 30, 0, 0));
    assertThat(p.cpuNanos()).isZero();
  }
}
