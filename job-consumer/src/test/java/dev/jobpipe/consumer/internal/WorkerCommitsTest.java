package dev.jobpipe.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.consumer.Ordering;
import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.schemas.offsets.OffsetMarks;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The worker's commits: what it commits, when, and what a new owner of a partition skips.
 * {@link WorkerRuntimeTest} covers running, ordering, failures and the lifecycle.
 */
class WorkerCommitsTest extends WorkerHarnessTest {

  @Test
  void runsEveryRecordAndCommitsTheEndOfEachPartition() {
    Set<String> handled = ConcurrentHashMap.newKeySet();
    harness(Map.of(JobWorkerConfig.CONCURRENCY_CONFIG, 8), job -> handled.add(id(job))).start(3);
    for (int p = 0; p < 3; p++) {
      for (int o = 0; o < 100; o++) {
        harness.send(p, o, "k" + (o % 7), "v" + o);
      }
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 300);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      for (int p = 0; p < 3; p++) {
        assertThat(harness.committed(p)).isEqualTo(100);
      }
    });
    assertThat(harness.counter(MetricNames.JOBS, MetricNames.TAG_OUTCOME, MetricNames.Outcome.SUCCEEDED)).isEqualTo(300);
    assertThat(harness.handedOver()).isEmpty();
  }

  @Test
  void commitsTheRecordsDoneAboveAStuckOneAndANewOwnerSkipsThem() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Set<Long> first = ConcurrentHashMap.newKeySet();
    WorkerHarness a = harness(Map.of(JobWorkerConfig.ORDERING_CONFIG, "key"), job -> {
      if (job.offset() == 2) {
        release.await();
      }
      first.add(job.offset());
    }).start(1);
    for (int o = 0; o < 10; o++) {
      a.send(0, o, "k" + o, "v" + o);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> first.size() == 9);
    // the prefix stops at the stuck job; the eight done above it go with it as metadata
    await().atMost(Duration.ofSeconds(10)).until(() -> doneMarks(a).count() == 7);
    OffsetAndMetadata crashed = a.consumer.commits.get(WorkerHarness.tp(0));
    assertThat(crashed.offset()).isEqualTo(2);
    assertThat(doneMarks(a).offsets()).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
    release.countDown();
    a.close();

    // a second worker takes the partition over from that commit, as after a crash
    Set<Long> second = ConcurrentHashMap.newKeySet();
    harness = new WorkerHarness(Map.of(), job -> second.add(job.offset()), true);
    harness.start(1, Map.of(WorkerHarness.tp(0), crashed));
    for (int o = 0; o < 12; o++) {
      harness.send(0, o, "k" + o, "v" + o);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committed(0) == 12);
    assertThat(second).containsExactlyInAnyOrder(2L, 10L, 11L);
    assertThat(harness.counter(MetricNames.WORKER_SKIPPED_DONE)).isEqualTo(7);
  }

  @ParameterizedTest
  @EnumSource(Ordering.class)
  void everyOrderingSkipsTheRecordsAPreviousOwnerMarkedDone(Ordering ordering) {
    java.util.BitSet done = new java.util.BitSet();
    done.set(1);
    done.set(2);
    done.set(5);
    String metadata = OffsetMarks.of(4, 6, done).encode(OffsetCommitter.METADATA_TAG);
    Set<Long> handled = ConcurrentHashMap.newKeySet();
    harness = new WorkerHarness(Map.of(JobWorkerConfig.ORDERING_CONFIG, ordering.configValue()),
        job -> handled.add(job.offset()), true);
    harness.start(1, Map.of(WorkerHarness.tp(0), new OffsetAndMetadata(4, metadata)));
    for (int o = 0; o < 12; o++) {
      harness.send(0, o, "k" + (o % 3), "v" + o);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committed(0) == 12);
    assertThat(handled).containsExactlyInAnyOrder(4L, 7L, 8L, 10L, 11L);
    assertThat(harness.counter(MetricNames.WORKER_SKIPPED_DONE)).isEqualTo(3);
  }

  @Test
  void unreadableCommitMetadataRunsEverythingAgainAndCountsIt() {
    Set<Long> handled = ConcurrentHashMap.newKeySet();
    harness = new WorkerHarness(Map.of(), job -> handled.add(job.offset()), true);
    harness.start(1, Map.of(WorkerHarness.tp(0), new OffsetAndMetadata(3, "jpd:AgAKAA")));
    for (int o = 0; o < 8; o++) {
      harness.send(0, o, "k" + o, "v" + o);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committed(0) == 8);
    assertThat(handled).containsExactlyInAnyOrder(3L, 4L, 5L, 6L, 7L);
    assertThat(harness.counter(MetricNames.WORKER_COMMIT_METADATA_UNREADABLE)).isEqualTo(1);
    assertThat(harness.counter(MetricNames.WORKER_SKIPPED_DONE)).isZero();
  }

  @Test
  void aFailedCommitIsSentAgainWhileTheWorkerIsIdle() {
    Set<Long> handled = ConcurrentHashMap.newKeySet();
    harness(Map.of(), job -> handled.add(job.offset())).start(1);
    harness.consumer.failNextCommits(3);
    for (int o = 0; o < 5; o++) {
      harness.send(0, o, "k" + o, "v" + o);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 5);
    // nothing finishes any more: only the retry of the failed commits can move the offset
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.consumer.confirmed(WorkerHarness.tp(0)) == 5);
  }

  @Test
  void metadataTheBrokerRefusesAsTooLargeIsCutUntilItFits() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Set<Long> handled = ConcurrentHashMap.newKeySet();
    harness(Map.of(JobWorkerConfig.ORDERING_CONFIG, "none"), job -> {
      if (job.offset() == 0) {
        release.await();
      }
      handled.add(job.offset());
    }).start(1);
    harness.consumer.maxMetadataChars = 8;
    for (int o = 0; o < 20; o++) {
      harness.send(0, o, "k" + o, "v" + o);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 19);
    // every commit carried marks the broker refused, until the worker fell back to bare offsets
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.consumer.confirmed(WorkerHarness.tp(0)) == 0);
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.consumer.confirmed(WorkerHarness.tp(0)) == 20);
  }

  private static OffsetMarks doneMarks(WorkerHarness h) {
    OffsetAndMetadata c = h.consumer.commits.get(WorkerHarness.tp(0));
    if (c == null) {
      return OffsetMarks.none(0);
    }
    return OffsetMarks.decode(OffsetCommitter.METADATA_TAG, c.offset(), c.metadata()).orElse(OffsetMarks.none(0));
  }

  @Test
  void committedOffsetNeverPassesAnUnfinishedJob() {
    CountDownLatch slowRelease = new CountDownLatch(1);
    Set<Long> handled = ConcurrentHashMap.newKeySet();
    harness(Map.of(JobWorkerConfig.ORDERING_CONFIG, "none"), job -> {
      if (job.offset() == 5) {
        slowRelease.await();
      }
      handled.add(job.offset());
    }).start(1);
    for (int o = 0; o < 20; o++) {
      harness.send(0, o, "k" + o, "v" + o);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 19);
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committed(0) == 5);
    // Every later job is done and the commit interval (10 ms) has passed many times over: a worker
    // committing anything but the contiguous prefix would have moved past 5 by now.
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> harness.committed(0) == 5);
    slowRelease.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committed(0) == 20);
  }

  @Test
  void idlePartitionCommitsPastOffsetsWithoutRecords() {
    Set<Long> handled = ConcurrentHashMap.newKeySet();
    harness(Map.of(), job -> handled.add(job.offset())).start(1);
    harness.send(0, 0, "k", "v0");
    harness.send(0, 1, "k", "v1");
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committed(0) == 2);
    // a transaction marker at offset 2 is skipped by the consumer: its position moves on without a record
    harness.consumer.schedulePollTask(() -> harness.consumer.seek(WorkerHarness.tp(0), 3));
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committed(0) == 3);
    assertThat(handled).containsExactlyInAnyOrder(0L, 1L);
  }
}
