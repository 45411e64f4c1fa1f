package dev.jobpipe.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.consumer.Ordering;
import dev.jobpipe.observability.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StuckRecordWatchTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final WorkerMetrics metrics = new WorkerMetrics(meters, "unit.job", () -> 0);
  private final List<JobEntry> retried = new ArrayList<>();
  private final StuckRecordWatch watch = new StuckRecordWatch(Duration.ofMillis(30), Duration.ofMillis(20), metrics,
      entry -> entry.requeue() && retried.add(entry));
  private final PartitionState state = new PartitionState(WorkerHarness.tp(0), Ordering.NONE);

  private double stuck() {
    return meters.get(MetricNames.WORKER_STUCK_RECORDS).counter().count();
  }

  @Test
  void aStartedRecordNotDoneAfterJobAndHandoffTimeoutIsReportedOncePerPeriod() {
    JobEntry entry = state.append(WorkerHarness.record(0, 0, "k", "v"));
    assertThat(entry.tryStart()).isTrue();
    entry.started(1_000);
    watch.check(Set.of(state), 1_049);
    assertThat(stuck()).isZero();
    watch.check(Set.of(state), 1_050);
    assertThat(stuck()).isEqualTo(1);
    watch.check(Set.of(state), 1_090);
    assertThat(stuck()).as("reported again only after another period").isEqualTo(1);
    watch.check(Set.of(state), 1_100);
    assertThat(stuck()).isEqualTo(2);
    entry.markDone();
    watch.check(Set.of(state), 1_500);
    assertThat(stuck()).isEqualTo(2);
    assertThat(retried).isEmpty();
  }

  @Test
  void aRecordGivenUpWhileItsPartitionIsStillOwnedRunsAgain() {
    JobEntry entry = state.append(WorkerHarness.record(0, 0, "k", "v"));
    assertThat(entry.tryStart()).isTrue();
    entry.giveUp();
    watch.check(Set.of(state), 10);
    assertThat(retried).containsExactly(entry);
    assertThat(entry.state()).isEqualTo(JobEntry.QUEUED);
    assertThat(stuck()).isEqualTo(1);
  }

  @Test
  void aClosingPartitionIsLeftAlone() {
    JobEntry entry = state.append(WorkerHarness.record(0, 0, "k", "v"));
    state.close();
    state.cancelAll();
    watch.check(Set.of(state), 1_000_000);
    assertThat(retried).isEmpty();
    assertThat(entry.state()).isEqualTo(JobEntry.CANCELLED);
    assertThat(stuck()).isZero();
  }
}
