package dev.jobpipe.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.consumer.Ordering;
import dev.jobpipe.schemas.offsets.OffsetMarks;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
    assertThat(point().offset()).isEqualTo(2);
    assertThat(state.size()).isEqualTo(3);
    finish(e.get(2));
    assertThat(state.advance()).isEqualTo(2);
    assertThat(point().offset()).isEqualTo(4);
    assertThat(point().metadata()).isEmpty();
    state.commitSent(point(), 0);
    assertThat(state.changedSinceSent(point())).isFalse();
  }

  private OffsetAndMetadata point() {
    return state.commitPoint(OffsetMarks.DEFAULT_MAX_METADATA_CHARS);
  }

  private static OffsetMarks marks(OffsetAndMetadata point) {
    return OffsetMarks.decode(OffsetCommitter.METADATA_TAG, point.offset(), point.metadata()).orElseThrow();
  }

  @Test
  void recordsDoneAboveThePrefixTravelAsCommitMetadata() {
    List<JobEntry> e = append(0, 10, "k");
    finish(e.get(0));
    finish(e.get(3));
    finish(e.get(4));
    finish(e.get(8));
    state.advance();
    OffsetAndMetadata point = point();
    assertThat(point.offset()).isEqualTo(1);
    assertThat(marks(point).offsets()).containsExactly(3L, 4L, 8L);
    state.commitSent(point, 0);
    assertThat(state.changedSinceSent(point())).isFalse();
    finish(e.get(6));
    assertThat(state.changedSinceSent(point())).as("a record done above the prefix is news").isTrue();
    assertThat(state.commitPoint(0).metadata()).as("no room for metadata: a bare offset").isEmpty();
  }

  @Test
  void restoredMarksAreSkippedOnArrivalAndKeptUntilThen() {
    BitSet done = new BitSet();
    done.set(1);
    done.set(2);
    done.set(6);
    OffsetMarks previous = OffsetMarks.of(100, 7, done);
    state.restore(new OffsetAndMetadata(100, previous.encode(OffsetCommitter.METADATA_TAG)), previous);
    assertThat(state.doneNext()).isEqualTo(100);
    assertThat(state.changedSinceSent(point())).as("nothing new since the previous owner's commit").isFalse();
    List<JobEntry> e = append(100, 104, "k");
    assertThat(e).extracting(JobEntry::state)
        .containsExactly(JobEntry.QUEUED, JobEntry.DONE, JobEntry.DONE, JobEntry.QUEUED);
    assertThat(e.get(1).lane).isNull();
    finish(e.get(0));
    state.advance();
    // 106 was not fetched yet: its mark must survive this commit, or a crash now would run it again
    assertThat(point().offset()).isEqualTo(103);
    assertThat(marks(point()).offsets()).containsExactly(106L);
    List<JobEntry> more = append(104, 108, "k");
    assertThat(more).extracting(JobEntry::state)
        .containsExactly(JobEntry.QUEUED, JobEntry.QUEUED, JobEntry.DONE, JobEntry.QUEUED);
  }

  @Test
  void anIdleRestoredPartitionCatchesUpPastMarkersAtOnce() {
    state.restore(new OffsetAndMetadata(40), null);
    assertThat(state.idleAfterWork()).isTrue();
    assertThat(state.caughtUpTo(42)).isTrue();
    assertThat(point().offset()).isEqualTo(42);
  }

  @Test
  void gapsInOffsetsAreCommittedPastTheLastDoneRecord() {
    JobEntry a = state.append(WorkerHarness.record(0, 10, "a", "v"));
    JobEntry b = state.append(WorkerHarness.record(0, 15, "b", "v"));
    finish(a);
    finish(b);
    state.advance();
    assertThat(point().offset()).isEqualTo(16);
  }

  @Test
  void failedAsyncCommitIsSentAgain() {
    finish(append(0, 1, "k").get(0));
    state.advance();
    OffsetAndMetadata one = point();
    state.commitSent(one, 1_000);
    assertThat(state.changedSinceSent(point())).isFalse();
    assertThat(state.sentUnconfirmedSince()).isEqualTo(1_000);
    state.commitFailed();
    assertThat(state.changedSinceSent(point())).isTrue();
    state.commitSent(one, 2_000);
    state.commitConfirmed(one);
    assertThat(state.sentUnconfirmedSince()).isEqualTo(-1);
    state.commitFailed();
    assertThat(state.changedSinceSent(point())).isFalse();
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
    assertThat(point().offset()).isEqualTo(2);
    assertThat(state.caughtUpTo(3)).isTrue();
    assertThat(point().offset()).isEqualTo(3);
    assertThat(state.caughtUpTo(3)).isFalse();
  }

  @Test
  void anOwnerWaitingForAClosedPartitionIsWokenByTheLastJobToSettle() throws Exception {
    List<JobEntry> e = append(0, 3, "k");
    assertThat(e.get(0).tryStart()).isTrue();
    assertThat(e.get(1).tryStart()).isTrue();
    state.close();
    assertThat(state.cancelTail()).isEqualTo(1);
    java.util.concurrent.atomic.AtomicReference<Boolean> settled = new java.util.concurrent.atomic.AtomicReference<>();
    // a deadline an hour away: only the entries' announcements can end this wait in time
    Thread owner = Thread.ofPlatform().start(() -> {
      try {
        settled.set(state.awaitSettled(System.nanoTime() + java.util.concurrent.TimeUnit.HOURS.toNanos(1)));
      } catch (InterruptedException ex) {
        settled.set(null);
      }
    });
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> owner.getState() == Thread.State.TIMED_WAITING);

    e.get(0).markDone();
    assertThat(settled.get()).as("one job still runs").isNull();
    e.get(1).giveUp();

    owner.join(java.time.Duration.ofSeconds(30));
    assertThat(settled.get()).isTrue();
  }

  @Test
  void awaitSettledGivesUpAtItsDeadline() throws Exception {
    List<JobEntry> e = append(0, 1, "k");
    assertThat(e.get(0).tryStart()).isTrue();
    state.close();
    assertThat(state.awaitSettled(System.nanoTime() + 1_000_000)).isFalse();
  }
}
