package dev.jobpipe.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.consumer.Ordering;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionStateTest {

  private final PartitionState state = new PartitionState(WorkerHarness.tp(0), Ordering.KEY);

  private List<JobEntry> append(int from, int to, String keyPrefix) {
    List<JobEntry> entries = new ArrayList<>();
    for (int o = from; o < to; o++) {
      entries.add(state.append(WorkerHarness.record(0, o, keyPrefix == null ? null : keyPrefix + o, "v")));
    }
    return entries;
  }

  private static void finish(JobEntry entry) {
    assertThat(entry.tryStart()).isTrue();
    entry.markDone();
  }

  @Test
  void donePrefixStopsAtTheFirstUnfinishedEntry() {
    List<JobEntry> e = append(0, 5, "k");
    finish(e.get(0));
    finish(e.get(1));
    finish(e.get(3));
    assertThat(state.advance()).isEqualTo(2);
    assertThat(state.commitCandidate()).isEqualTo(2);
    assertThat(state.size()).isEqualTo(3);
    finish(e.get(2));
    assertThat(state.advance()).isEqualTo(2);
    assertThat(state.commitCandidate()).isEqualTo(4);
    state.commitSent(4);
    assertThat(state.commitCandidate()).isEqualTo(-1);
  }

  @Test
  void gapsInOffsetsAreCommittedPastTheLastDoneRecord() {
    JobEntry a = state.append(WorkerHarness.record(0, 10, "a", "v"));
    JobEntry b = state.append(WorkerHarness.record(0, 15, "b", "v"));
    finish(a);
    finish(b);
    state.advance();
    assertThat(state.commitCandidate()).isEqualTo(16);
  }

  @Test
  void failedAsyncCommitIsSentAgain() {
    finish(append(0, 1, "k").get(0));
    state.advance();
    state.commitSent(1);
    assertThat(state.commitCandidate()).isEqualTo(-1);
    state.commitFailed();
    assertThat(state.commitCandidate()).isEqualTo(1);
    state.commitSent(1);
    state.commitConfirmed(1);
    state.commitFailed();
    assertThat(state.commitCandidate()).isEqualTo(-1);
  }

  @Test
  void cancelTailStopsAtTheNewestStartedEntry() {
    List<JobEntry> e = append(0, 6, "k");
    assertThat(e.get(2).tryStart()).isTrue();
    assertThat(state.cancelTail()).isEqualTo(3);
    assertThat(e.get(5).state()).isEqualTo(JobEntry.CANCELLED);
    assertThat(e.get(3).state()).isEqualTo(JobEntry.CANCELLED);
    assertThat(e.get(1).state()).isEqualTo(JobEntry.QUEUED);
    assertThat(e.get(0).state()).isEqualTo(JobEntry.QUEUED);
    assertThat(state.unsettled()).isEqualTo(3);
    assertThat(e.get(3).tryStart()).isFalse();
    assertThat(state.cancelAll()).isEqualTo(2);
    assertThat(state.unsettled()).isEqualTo(1);
  }

  @Test
  void keyOrderingGivesOneLanePerKeyAndNoneToKeylessRecords() {
    JobEntry a1 = state.append(WorkerHarness.record(0, 0, "a", "v"));
    JobEntry b = state.append(WorkerHarness.record(0, 1, "b", "v"));
    JobEntry a2 = state.append(WorkerHarness.record(0, 2, "a", "v"));
    JobEntry none = state.append(WorkerHarness.record(0, 3, null, "v"));
    assertThat(a1.lane).isSameAs(a2.lane).isNotSameAs(b.lane);
    assertThat(none.lane).isNull();
  }

  @Test
  void idleKeyLanesAreForgottenSoTheMapDoesNotGrowWithEveryKeyEverSeen() {
    for (int round = 0; round < 5; round++) {
      for (JobEntry entry : append(round * 2000, round * 2000 + 2000, "unique-")) {
        // a lane that got its entry and finished it is idle again
        assertThat(entry.lane.enqueue(entry)).isTrue();
        entry.lane.next();
        assertThat(entry.lane.finishOne()).isFalse();
      }
    }
    assertThat(state.keyLaneCount()).isLessThanOrEqualTo(4096);
  }

  @Test
  void partitionAndNoneOrderingLanes() {
    PartitionState partition = new PartitionState(WorkerHarness.tp(0), Ordering.PARTITION);
    JobEntry x = partition.append(WorkerHarness.record(0, 0, "x", "v"));
    JobEntry y = partition.append(WorkerHarness.record(0, 1, null, "v"));
    assertThat(x.lane).isNotNull().isSameAs(y.lane);
    PartitionState none = new PartitionState(WorkerHarness.tp(0), Ordering.NONE);
    assertThat(none.append(WorkerHarness.record(0, 0, "x", "v")).lane).isNull();
  }

  @Test
  void queueLagCountsHeldAndUnfetchedRecords() {
    assertThat(state.queueLag()).isNaN();
    append(0, 3, "k");
    state.queueLag(10);
    assertThat(state.queueLag()).isEqualTo(13.0);
  }

  @Test
  void catchesUpToThePositionOnlyWhenNothingIsHeldAndSomethingFinished() {
    assertThat(state.caughtUpTo(5)).isFalse();
    List<JobEntry> e = append(0, 2, "k");
    finish(e.get(0));
    state.advance();
    assertThat(state.caughtUpTo(9)).isFalse();
    finish(e.get(1));
    state.advance();
    assertThat(state.commitCandidate()).isEqualTo(2);
    assertThat(state.caughtUpTo(3)).isTrue();
    assertThat(state.commitCandidate()).isEqualTo(3);
    assertThat(state.caughtUpTo(3)).isFalse();
  }
}
