package dev.jobpipe.consumer.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobLogContext;
import dev.jobpipe.consumer.JobTimeoutException;
import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.consumer.RetryableJobException;
import dev.jobpipe.consumer.TerminalJobException;
import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.schemas.JobHeaders;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class WorkerRuntimeTest extends WorkerHarnessTest {

  @Test
  void keyOrderingRunsJobsOfOneKeyOneAtATimeInOffsetOrder() {
    Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    Map<String, List<Long>> seen = new ConcurrentHashMap<>();
    AtomicBoolean overlap = new AtomicBoolean();
    AtomicInteger done = new AtomicInteger();
    harness(Map.of(JobWorkerConfig.CONCURRENCY_CONFIG, 16), job -> {
      String key = job.key().orElseThrow();
      if (active.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
        overlap.set(true);
      }
      seen.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(job.offset());
      Thread.sleep(job.offset() % 3);
      active.get(key).decrementAndGet();
      done.incrementAndGet();
    }).start(1);
    for (int o = 0; o < 300; o++) {
      harness.send(0, o, "key-" + (o % 10), "v" + o);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> done.get() == 300);
    assertThat(overlap).isFalse();
    assertThat(seen).hasSize(10);
    seen.values().forEach(offsets -> assertThat(offsets).isSorted().hasSize(30));
  }

  @Test
  void differentKeysRunInParallel() {
    CountDownLatch bothRunning = new CountDownLatch(2);
    AtomicInteger succeeded = new AtomicInteger();
    harness(Map.of(), job -> {
      bothRunning.countDown();
      if (!bothRunning.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other key never ran alongside");
      }
      succeeded.incrementAndGet();
    }).start(1);
    harness.send(0, 0, "a", "v0");
    harness.send(0, 1, "b", "v1");
    await().atMost(Duration.ofSeconds(15)).until(() -> succeeded.get() == 2);
    assertThat(harness.handedOver()).isEmpty();
  }

  @Test
  void partitionOrderingRunsOneJobAtATimePerPartition() {
    AtomicInteger active = new AtomicInteger();
    AtomicBoolean overlap = new AtomicBoolean();
    List<Long> order = Collections.synchronizedList(new ArrayList<>());
    harness(Map.of(JobWorkerConfig.ORDERING_CONFIG, "PARTITION", JobWorkerConfig.CONCURRENCY_CONFIG, 8), job -> {
      if (active.incrementAndGet() > 1) {
        overlap.set(true);
      }
      order.add(job.offset());
      Thread.sleep(1);
      active.decrementAndGet();
    }).start(1);
    for (int o = 0; o < 50; o++) {
      harness.send(0, o, "k" + o, "v" + o);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> order.size() == 50);
    assertThat(overlap).isFalse();
    assertThat(order).isSorted();
  }

  @Test
  void pausesAFullPartitionAndResumesItWhenDrained() {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger done = new AtomicInteger();
    harness(Map.of(JobWorkerConfig.MAX_INFLIGHT_PER_PARTITION_CONFIG, 5, JobWorkerConfig.ORDERING_CONFIG, "none"), job -> {
      release.await();
      done.incrementAndGet();
    }).start(2);
    for (int o = 0; o < 5; o++) {
      harness.send(0, o, null, "v" + o);
    }
    harness.send(1, 0, null, "p1");
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.paused().contains(WorkerHarness.tp(0)));
    assertThat(harness.paused()).doesNotContain(WorkerHarness.tp(1));
    for (int o = 5; o < 10; o++) {
      harness.send(0, o, null, "v" + o);
    }
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 11);
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.paused().isEmpty() && harness.committed(0) == 10);
  }

  @Test
  void failureIsHandedOverWithCompleteHeadersBeforeTheCommitPassesIt() {
    harness = new WorkerHarness(Map.of(JobWorkerConfig.ORDERING_CONFIG, "none"), job -> {
      switch ((String) job.payload()) {
        case "terminal" -> throw new TerminalJobException("no such account");
        case "retryable" -> throw new IllegalStateException("wrapped", new RetryableJobException("smtp busy"));
        default -> { }
      }
    }, false);
    harness.start(1);
    Headers original = new org.apache.kafka.common.header.internals.RecordHeaders();
    harness.send(0, 0, "k0", "ok");
    harness.send(0, 1, "k1", "terminal", new RecordHeader(JobHeaders.JOB_ID, "job-1".getBytes(UTF_8)),
        new RecordHeader("x-custom", "kept".getBytes(UTF_8)), new RecordHeader(JobHeaders.ATTEMPT, "3".getBytes(UTF_8)));
    harness.send(0, 2, "k2", "retryable");
    harness.send(0, 3, "k3", "ok");
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.handedOver().size() == 2);
    // Not acknowledged yet: the commit stops before the first failure.
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committed(0) == 1);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> harness.committed(0) == 1);

    Map<String, ProducerRecord<byte[], byte[]>> byValue = new HashMap<>();
    harness.handedOver().forEach(r -> byValue.put(new String(r.value(), UTF_8), r));
    ProducerRecord<byte[], byte[]> terminal = byValue.get("terminal");
    assertThat(terminal.topic()).isEqualTo("jobs.unit.job.failed");
    assertThat(new String(terminal.key(), UTF_8)).isEqualTo("k1");
    Headers h = terminal.headers();
    assertThat(JobHeaders.string(h, "x-custom")).contains("kept");
    assertThat(JobHeaders.jobId(h)).contains("job-1");
    assertThat(JobHeaders.attempt(h)).isEqualTo(3);
    assertThat(JobHeaders.string(h, JobHeaders.JOB_TYPE)).contains(WorkerHarness.TYPE);
    assertThat(JobHeaders.string(h, JobHeaders.ERROR_CLASS)).contains(TerminalJobException.class.getName());
    assertThat(JobHeaders.string(h, JobHeaders.ERROR_MESSAGE)).contains("no such account");
    assertThat(JobHeaders.string(h, JobHeaders.ERROR_STACK)).hasValueSatisfying(s -> assertThat(s).contains("at "));
    assertThat(JobHeaders.string(h, JobHeaders.ERROR_RETRYABLE)).contains("false");
    assertThat(JobHeaders.string(h, JobHeaders.ORIGIN_TOPIC)).contains(WorkerHarness.TOPIC);
    assertThat(JobHeaders.number(h, JobHeaders.ORIGIN_PARTITION)).hasValue(0);
    assertThat(JobHeaders.number(h, JobHeaders.ORIGIN_OFFSET)).hasValue(1);
    assertThat(JobHeaders.number(h, JobHeaders.FAILED_AT)).isPresent();
    assertThat(JobHeaders.number(h, JobHeaders.ENQUEUED_AT)).hasValue(1_700_000_000_001L);

    ProducerRecord<byte[], byte[]> retryable = byValue.get("retryable");
    assertThat(JobHeaders.string(retryable.headers(), JobHeaders.ERROR_RETRYABLE)).contains("true");
    assertThat(JobHeaders.string(retryable.headers(), JobHeaders.ERROR_CLASS)).contains(IllegalStateException.class.getName());
    assertThat(JobHeaders.jobId(retryable.headers())).contains("jobs.unit.job-0-2");

    while (harness.producer.completeNext()) {
      // acknowledge both handoffs
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committed(0) == 4);
    assertThat(harness.counter(MetricNames.JOBS, MetricNames.TAG_OUTCOME, MetricNames.Outcome.FAILED)).isEqualTo(2);
  }

  @Test
  void failedHandoffLeavesTheJobUndoneAndRunsItAgainAfterBackoff() {
    AtomicInteger runs = new AtomicInteger();
    harness = new WorkerHarness(Map.of(), job -> {
      runs.incrementAndGet();
      throw new RetryableJobException("downstream down");
    }, false);
    harness.start(1);
    harness.send(0, 0, "k", "v0");
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.handedOver().size() == 1);
    assertThat(harness.producer.errorNext(new TimeoutException("broker gone"))).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2 && harness.handedOver().size() == 2);
    assertThat(harness.committed(0)).as("never past the unfinished first record").isLessThanOrEqualTo(0);
    assertThat(harness.counter(WorkerMetrics.HANDOFF_FAILURES)).isEqualTo(1);
    assertThat(harness.producer.completeNext()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committed(0) == 1);
    assertThat(runs).hasValue(2);
  }

  @Test
  void timedOutJobIsInterruptedHandedOverAndItsSlotAndLaneGoOn() {
    CountDownLatch unstick = new CountDownLatch(1);
    AtomicBoolean sawInterrupt = new AtomicBoolean();
    Set<Long> handled = ConcurrentHashMap.newKeySet();
    harness(Map.of(JobWorkerConfig.CONCURRENCY_CONFIG, 1, JobWorkerConfig.JOB_TIMEOUT_MS_CONFIG, 200), job -> {
      if (job.offset() == 0) {
        // Ignores interrupts, as a badly written handler would: only the latch ends it.
        while (unstick.getCount() > 0) {
          try {
            unstick.await();
          } catch (InterruptedException e) {
            sawInterrupt.set(true);
          }
        }
        return;
      }
      handled.add(job.offset());
    }).start(1);
    harness.send(0, 0, "same-key", "stuck");
    harness.send(0, 1, "same-key", "next");
    // Concurrency 1 and the same key: the next job can only run if the timeout freed both the slot and the lane.
    await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(1L));
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committed(0) == 2);
    assertThat(sawInterrupt).isTrue();
    assertThat(harness.handedOver()).hasSize(1);
    Headers h = harness.handedOver().get(0).headers();
    assertThat(JobHeaders.string(h, JobHeaders.ERROR_CLASS)).contains(JobTimeoutException.class.getName());
    assertThat(JobHeaders.string(h, JobHeaders.ERROR_RETRYABLE)).contains("true");
    assertThat(harness.counter(MetricNames.JOBS, MetricNames.TAG_OUTCOME, MetricNames.Outcome.TIMED_OUT)).isEqualTo(1);
    assertThat(harness.runtime.abandonedThreads()).isEqualTo(1);
    unstick.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.runtime.abandonedThreads() == 0);
    assertThat(harness.counter(MetricNames.JOBS, MetricNames.TAG_OUTCOME, MetricNames.Outcome.SUCCEEDED)).isEqualTo(1);
  }

  @Test
  void undecodableRecordGoesToTheDeadLetterTopicAndTheWorkerGoesOn() {
    Set<Long> handled = ConcurrentHashMap.newKeySet();
    harness(Map.of(), job -> handled.add(job.offset())).start(1);
    harness.send(0, 0, "k", "v0");
    harness.send(0, 1, "k", "bad bytes", new RecordHeader(JobHeaders.JOB_ID, "poison-1".getBytes(UTF_8)));
    harness.send(0, 2, "k", "v2");
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committed(0) == 3);
    assertThat(handled).containsExactlyInAnyOrder(0L, 2L);
    assertThat(harness.handedOver()).hasSize(1);
    ProducerRecord<byte[], byte[]> dead = harness.handedOver().get(0);
    assertThat(dead.topic()).isEqualTo("jobs.unit.job.dlq");
    assertThat(new String(dead.value(), UTF_8)).isEqualTo("bad bytes");
    assertThat(JobHeaders.dlqReason(dead.headers())).hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("UNDECODABLE"));
    assertThat(JobHeaders.string(dead.headers(), JobHeaders.ERROR_CLASS)).hasValueSatisfying(c -> assertThat(c).endsWith("UndecodableJobException"));
    assertThat(JobHeaders.string(dead.headers(), JobHeaders.ERROR_MESSAGE)).hasValueSatisfying(m -> assertThat(m).contains("bad magic byte 98"));
    assertThat(JobHeaders.string(dead.headers(), JobHeaders.ERROR_RETRYABLE)).contains("false");
    assertThat(JobHeaders.jobId(dead.headers())).contains("poison-1");
    assertThat(JobHeaders.number(dead.headers(), JobHeaders.ORIGIN_OFFSET)).hasValue(1);
    assertThat(harness.counter(MetricNames.DEAD_LETTERS, MetricNames.TAG_REASON, "UNDECODABLE")).isEqualTo(1);
    assertThat(harness.counter(MetricNames.JOBS, MetricNames.TAG_OUTCOME, MetricNames.Outcome.UNDECODABLE)).isEqualTo(1);
  }

  @Test
  void unreachableRegistryPausesEveryPartitionWithoutDeadLettersAndResumes() {
    Set<String> handled = ConcurrentHashMap.newKeySet();
    harness(Map.of(), job -> handled.add(id(job)));
    harness.decoder.registryDown = true;
    harness.start(2);
    for (int o = 0; o < 10; o++) {
      harness.send(0, o, "k" + o, "v" + o);
      harness.send(1, o, "k" + o, "v" + o);
    }
    await().atMost(Duration.ofSeconds(10)).until(() ->
        harness.paused().containsAll(Set.of(WorkerHarness.tp(0), WorkerHarness.tp(1))) && harness.decoder.outageHits.get() > 20);
    assertThat(harness.health.ready()).isFalse();
    assertThat(harness.handedOver()).isEmpty();
    assertThat(handled).isEmpty();
    assertThat(harness.committed(0)).as("never past the unfinished first record").isLessThanOrEqualTo(0);

    harness.decoder.registryDown = false;
    await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 20);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        harness.paused().isEmpty() && harness.health.ready() && harness.committed(0) == 10 && harness.committed(1) == 10);
    assertThat(harness.handedOver()).isEmpty();
  }

  @Test
  void revocationWaitsForRunningJobsAndCommitsTheirDonePrefix() {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Set<Long> handledP0 = ConcurrentHashMap.newKeySet();
    harness(Map.of(), job -> {
      if (job.partition() == 0 && job.offset() == 0) {
        started.countDown();
        release.await();
      }
      if (job.partition() == 0) {
        handledP0.add(job.offset());
      }
    }).start(2);
    for (int o = 0; o < 4; o++) {
      harness.send(0, o, "one-key", "v" + o);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);
    CountDownLatch revoking = new CountDownLatch(1);
    harness.consumer.schedulePollTask(() -> {
      revoking.countDown();
      harness.consumer.rebalance(List.of(WorkerHarness.tp(1)));
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> revoking.getCount() == 0);
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.consumer.assignment().equals(Set.of(WorkerHarness.tp(1))));
    // The running job was awaited and committed; whatever else ran is below the commit, nothing above it.
    long committed = harness.committed(0);
    assertThat(handledP0).contains(0L);
    assertThat(committed).isEqualTo(handledP0.size());
    assertThat(handledP0).allSatisfy(offset -> assertThat(offset).isLessThan(committed));
  }

  @Test
  void closeCancelsUnstartedJobsDrainsRunningOnesAndCommitsThem() {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    Set<Long> handled = ConcurrentHashMap.newKeySet();
    harness(Map.of(JobWorkerConfig.CONCURRENCY_CONFIG, 2, JobWorkerConfig.ORDERING_CONFIG, "none"), job -> {
      running.incrementAndGet();
      release.await();
      handled.add(job.offset());
    }).start(1);
    for (int o = 0; o < 10; o++) {
      harness.send(0, o, "k" + o, "v" + o);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 2);
    Thread closer = Thread.ofPlatform().start(harness.runtime::close);
    // Readiness drops after the unstarted tail was cancelled; only then may the running jobs finish.
    await().atMost(Duration.ofSeconds(10)).until(() -> !harness.health.ready());
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> !closer.isAlive());
    assertThat(handled).hasSize(2);
    long committed = harness.committed(0);
    assertThat(handled).allSatisfy(offset -> assertThat(offset).isLessThan(committed));
    assertThat(committed).isEqualTo(2);
    assertThat(harness.consumer.closed()).isTrue();
    assertThat(harness.producer.closed()).isTrue();
    assertThat(harness.runtime.terminated()).isTrue();
  }

  @Test
  void handlerSeesJobFieldsAndLogContext() {
    List<Map<String, String>> mdc = new CopyOnWriteArrayList<>();
    List<Job<?>> jobs = new CopyOnWriteArrayList<>();
    harness(Map.of(), job -> {
      mdc.add(MDC.getCopyOfContextMap());
      jobs.add(job);
    }).start(1);
    harness.send(0, 0, "key-0", "payload", new RecordHeader(JobHeaders.JOB_ID, "job-42".getBytes(UTF_8)),
        new RecordHeader(JobHeaders.ATTEMPT, "2".getBytes(UTF_8)),
        new RecordHeader(JobHeaders.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(UTF_8)));
    harness.send(0, 1, null, "plain");
    await().atMost(Duration.ofSeconds(10)).until(() -> jobs.size() == 2);
    Job<?> first = jobs.stream().filter(j -> j.offset() == 0).findFirst().orElseThrow();
    assertThat(first.id()).isEqualTo("job-42");
    assertThat(first.type()).isEqualTo(WorkerHarness.TYPE);
    assertThat(first.key()).contains("key-0");
    assertThat(first.payload()).isEqualTo("payload");
    assertThat(first.attempt()).isEqualTo(2);
    assertThat(first.trace()).hasValueSatisfying(t -> assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736"));
    Job<?> plain = jobs.stream().filter(j -> j.offset() == 1).findFirst().orElseThrow();
    assertThat(plain.id()).isEqualTo("jobs.unit.job-0-1");
    assertThat(plain.attempt()).isEqualTo(1);
    assertThat(plain.key()).isEmpty();
    assertThat(plain.enqueuedAt().toEpochMilli()).isEqualTo(1_700_000_000_001L);
    Map<String, String> firstMdc = mdc.stream().filter(m -> "job-42".equals(m.get(JobLogContext.JOB_ID))).findFirst().orElseThrow();
    assertThat(firstMdc).containsEntry(JobLogContext.JOB_TYPE, WorkerHarness.TYPE)
        .containsEntry(JobLogContext.ATTEMPT, "2")
        .containsEntry(JobLogContext.TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736");
    // the same runner thread may run both: the plain job gets its own id and attempt and no trace
    Map<String, String> plainMdc = mdc.stream().filter(m -> plain.id().equals(m.get(JobLogContext.JOB_ID))).findFirst()
        .orElseThrow();
    assertThat(plainMdc).containsEntry(JobLogContext.JOB_TYPE, WorkerHarness.TYPE)
        .containsEntry(JobLogContext.ATTEMPT, "1")
        .doesNotContainKey(JobLogContext.TRACE_ID);
  }

  @Test
  void classifierDecidesRetryabilityOfUnmarkedExceptions() {
    harness = new WorkerHarness(Map.of(), job -> {
      throw new IOException("disk full");
    }, true, dev.jobpipe.consumer.ExceptionClassifier.builder().terminal(IOException.class).build());
    harness.start(1);
    harness.send(0, 0, "k", "v");
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committed(0) == 1);
    assertThat(JobHeaders.string(harness.handedOver().get(0).headers(), JobHeaders.ERROR_RETRYABLE)).contains("false");
  }

  @Test
  void anErrorWhileDecodingStopsTheWorkerInsteadOfDeadLetteringTheJob() {
    Set<Long> handled = ConcurrentHashMap.newKeySet();
    harness(Map.of(), job -> handled.add(job.offset())).start(1);
    harness.send(0, 0, "k", "overflow");
    harness.send(0, 1, "k", "v1");
    await().atMost(Duration.ofSeconds(10)).until(harness.runtime::terminated);
    assertThat(harness.runtime.failure()).isInstanceOf(StackOverflowError.class);
    assertThat(harness.health.live()).isFalse();
    assertThat(harness.handedOver()).as("nothing dead-lettered").isEmpty();
    assertThat(harness.committed(0)).as("the job stays to run again").isLessThanOrEqualTo(0);
    assertThat(handled).isEmpty();
  }

  @Test
  void theFirstFailureIsKept() {
    harness(Map.of(), job -> { });
    IllegalStateException first = new IllegalStateException("first");
    harness.runtime.fail(first);
    harness.runtime.fail(new IllegalStateException("second"));
    assertThat(harness.runtime.failure()).isSameAs(first);
  }

  @Test
  void twoWorkersOfOneTypeInOneJvmCloseEachOtherCompletely() throws Exception {
    WorkerHarness a = harness(Map.of(), job -> { }).start(1);
    java.util.concurrent.atomic.AtomicReference<Boolean> aTerminatedWhenCloseReturned =
        new java.util.concurrent.atomic.AtomicReference<>();
    Set<Long> ranOnB = ConcurrentHashMap.newKeySet();
    try (WorkerHarness b = new WorkerHarness(Map.of(), job -> {
      if ("close-a".equals(job.payload())) {
        // a job thread of B closing A (same type, same thread names): must wait for A, not return early
        a.runtime.close();
        aTerminatedWhenCloseReturned.set(a.runtime.terminated());
      }
      ranOnB.add(job.offset());
    }, true).start(1)) {
      a.send(0, 0, "k", "v0");
      await().atMost(Duration.ofSeconds(10)).until(() -> a.committed(0) == 1);
      b.send(0, 0, "k", "v0");
      b.send(0, 1, "k", "close-a");
      await().atMost(Duration.ofSeconds(30)).until(() -> aTerminatedWhenCloseReturned.get() != null);
      assertThat(aTerminatedWhenCloseReturned.get()).as("A had terminated when close() returned on B's job thread")
          .isTrue();
      assertThat(a.consumer.closed()).isTrue();

      for (long offset = 2; offset < 20; offset++) {
        b.send(0, offset, "k" + offset, "v" + offset);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> b.committed(0) == 20);
      assertThat(ranOnB).hasSize(20);
      assertThat(b.runtime.terminated()).isFalse();
      assertThat(b.runtime.failure()).isNull();
      assertThat(a.runtime.failure()).isNull();
    }
  }

  @Test
  void anExceptionWhoseMessageCannotBeReadIsStillHandedOver() {
    harness(Map.of(), job -> {
      throw new IllegalStateException() {
        @Override
        public String getMessage() {
          throw new UnsupportedOperationException("broken getMessage");
        }
      };
    }).start(1);
    harness.send(0, 0, "k", "v");
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committed(0) == 1);
    assertThat(JobHeaders.string(harness.handedOver().get(0).headers(), JobHeaders.ERROR_MESSAGE))
        .hasValueSatisfying(m -> assertThat(m).contains("getMessage()", "threw"));
  }

  @Test
  void anInternalErrorOnAJobThreadStopsTheWorkerVisibly() {
    RuntimeException broken = new IllegalStateException("clock broke");
    java.time.Clock failing = new java.time.Clock() {
      @Override
      public long millis() {
        if (Thread.currentThread().isVirtual()) {
          throw broken;
        }
        return System.currentTimeMillis();
      }

      @Override
      public java.time.Instant instant() {
        return java.time.Instant.ofEpochMilli(millis());
      }

      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
    harness = new WorkerHarness(Map.of(), job -> { }, true, dev.jobpipe.consumer.ExceptionClassifier.defaults(), failing);
    // the broken entry is given up, so the stop does not wait the drain timeout (30 s) for it
    harness.start(1);
    harness.send(0, 0, "k", "v");
    await().atMost(Duration.ofSeconds(10)).until(harness.runtime::terminated);
    assertThat(harness.runtime.failure()).isSameAs(broken);
    assertThat(harness.health.live()).isFalse();
    assertThat(harness.committed(0)).as("never past the unfinished first record").isLessThanOrEqualTo(0);
  }
}
