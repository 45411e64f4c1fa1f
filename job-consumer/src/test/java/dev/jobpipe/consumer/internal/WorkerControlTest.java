package dev.jobpipe.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.consumer.Ordering;
import dev.jobpipe.schemas.JobIds;
import dev.jobpipe.schemas.control.Cancellation;
import dev.jobpipe.schemas.control.ControlCodec;
import dev.jobpipe.schemas.control.ControlEntry;
import dev.jobpipe.schemas.control.ControlState;
import dev.jobpipe.schemas.control.PauseState;
import dev.jobpipe.schemas.control.RateLimit;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WorkerControlTest {

  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final WorkerControl control = new WorkerControl("unit", clock);
  private final ControlState.Fold fold = new ControlState.Fold();

  private ControlState with(ControlEntry entry) {
    fold.apply(entry.key(), ControlCodec.encode(entry));
    return fold.state();
  }

  @Test
  void nothingAskedMeansNoRestraintAndAnImmediateStart() throws Exception {
    assertThat(control.restrained()).isFalse();
    assertThat(control.awaitStart(() -> "j", () -> false)).isEqualTo(WorkerControl.Start.GO);
    assertThat(control.localRate()).isNaN();
  }

  @Test
  void aPausedTypeHoldsJobsUntilItResumes() throws Exception {
    control.update(with(new PauseState(true, "ops", NOW, null)));
    assertThat(control.restrained()).isTrue();
    CompletableFuture<WorkerControl.Start> start = CompletableFuture.supplyAsync(() -> {
      try {
        return control.awaitStart(() -> "j", () -> false);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(150); // it must still be waiting: no resume was written
    assertThat(start).isNotDone();
    control.update(with(new PauseState(false, "ops", NOW, null)));
    assertThat(start.get(5, TimeUnit.SECONDS)).isEqualTo(WorkerControl.Start.GO);
    assertThat(control.restrained()).isFalse();
  }

  @Test
  void aWaitingJobGivesUpWhenItsEntryIsCancelled() throws Exception {
    control.update(with(new PauseState(true, "ops", NOW, null)));
    AtomicBoolean revoked = new AtomicBoolean();
    CompletableFuture<WorkerControl.Start> start = CompletableFuture.supplyAsync(() -> {
      try {
        return control.awaitStart(() -> "j", revoked::get);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    revoked.set(true);
    assertThat(start.get(5, TimeUnit.SECONDS)).isEqualTo(WorkerControl.Start.ABORTED);
  }

  @Test
  void aCancelledJobIsReportedUntilItsCancellationExpires() throws Exception {
    control.update(with(new Cancellation("j1", NOW.plusSeconds(60), "ops", NOW, null)));
    assertThat(control.awaitStart(() -> "j1", () -> false)).isEqualTo(WorkerControl.Start.CANCELLED);
    assertThat(control.awaitStart(() -> "j2", () -> false)).isEqualTo(WorkerControl.Start.GO);
    WorkerControl later = new WorkerControl("unit", Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
    later.update(fold.state());
    assertThat(later.awaitStart(() -> "j1", () -> false)).isEqualTo(WorkerControl.Start.GO);
  }

  @Test
  void theLimitIsSharedByTheWorkersPartitions() throws Exception {
    control.update(with(new RateLimit(40.0, "ops", NOW, null)));
    control.share(1, 4);
    assertThat(control.localRate()).isEqualTo(10.0);
    control.share(4, 4);
    assertThat(control.localRate()).isEqualTo(40.0);
    control.share(0, 4);
    assertThat(control.localRate()).isZero();
    control.share(2, 4);
    control.update(with(new RateLimit(null, "ops", NOW, null)));
    assertThat(control.localRate()).isNaN();
    assertThat(control.restrained()).isFalse();
  }

  @Test
  void aLimitedWorkerStartsNoMoreThanItsShareAllows() throws Exception {
    control.update(with(new RateLimit(20.0, "ops", NOW, null)));
    control.share(1, 1);
    long start = System.nanoTime();
    for (int i = 0; i < 11; i++) {
      assertThat(control.awaitStart(() -> "j", () -> false)).isEqualTo(WorkerControl.Start.GO);
    }
    // one token at once, then one per 50 ms: ten more take at least half a second
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(480));
  }

  @Test
  void thePollThreadMarksTheHeldJobsANewCancellationNames() throws Exception {
    PartitionState partition = new PartitionState(WorkerHarness.tp(0), Ordering.NONE);
    JobEntry first = partition.append(WorkerHarness.record(0, 0, "k0", "v"));
    JobEntry second = partition.append(WorkerHarness.record(0, 1, "k1", "v"));
    control.cancelHeld(List.of(partition));
    assertThat(first.cancelRequested()).isFalse();

    control.update(with(new Cancellation(JobIds.of(first.record), NOW.plusSeconds(60), "ops", NOW, null)));
    control.cancelHeld(List.of(partition));
    assertThat(first.cancelRequested()).isTrue();
    assertThat(second.cancelRequested()).isFalse();

    control.update(with(new Cancellation(JobIds.of(second.record), NOW.plusSeconds(60), "ops", NOW, null)));
    control.cancelHeld(List.of(partition));
    assertThat(second.cancelRequested()).isTrue();
  }

  @Test
  void withoutAControlTopicThereIsNothingToWaitFor() throws Exception {
    assertThat(control.following()).isFalse();
    assertThat(control.awaitRead(() -> false, failure -> { })).isTrue();
  }
}
