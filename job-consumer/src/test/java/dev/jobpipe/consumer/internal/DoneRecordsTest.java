package dev.jobpipe.consumer.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.ledger.JobDone;
import dev.jobpipe.schemas.ledger.JobDoneCodec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code jobs.T.done} record of a succeeded job, and the commit that waits for its acknowledgement. */
class DoneRecordsTest {

  private WorkerHarness harness;

  @AfterEach
  void tearDown() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void successWritesADoneRecordAndTheCommitWaitsForItsAcknowledgement() {
    harness = new WorkerHarness(Map.of(JobWorkerConfig.DONE_EVENTS_ENABLED_CONFIG, true,
        JobWorkerConfig.DONE_RESULT_MAX_BYTES_CONFIG, 16), job -> job.result().set("row 42 written to the ledger table"), false);
    harness.start(1);
    harness.send(0, 0, "k0", "a", new RecordHeader(JobHeaders.JOB_ID, "job-a".getBytes(UTF_8)),
        new RecordHeader(JobHeaders.ATTEMPT, "2".getBytes(UTF_8)),
        new RecordHeader(JobHeaders.REPLAY_OF, "jobs.unit.job.dlq-0-7".getBytes(UTF_8)));
    harness.send(0, 1, null, "b");
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.handedOver().size() == 2);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> harness.committed(0) <= 0);

    // the two jobs have different keys, so their done records may be sent in either order
    ProducerRecord<byte[], byte[]> first = harness.handedOver().stream()
        .filter(r -> new String(r.key(), UTF_8).equals("job-a")).findFirst().orElseThrow();
    assertThat(first.topic()).isEqualTo("jobs.unit.job.done");
    assertThat(JobHeaders.jobId(first.headers())).contains("job-a");
    assertThat(JobHeaders.attempt(first.headers())).isEqualTo(2);
    assertThat(JobHeaders.string(first.headers(), JobHeaders.JOB_TYPE)).contains(WorkerHarness.TYPE);
    assertThat(JobHeaders.string(first.headers(), JobHeaders.REPLAY_OF)).contains("jobs.unit.job.dlq-0-7");
    JobDone done = JobDoneCodec.decode(first.value()).orElseThrow();
    assertThat(done.getAttempt()).isEqualTo(2);
    assertThat(done.getWorker()).startsWith("jobpipe-worker-unit.job@");
    assertThat(done.getDurationMs()).isGreaterThanOrEqualTo(0);
    assertThat(done.getFinishedAt()).isGreaterThan(0);
    assertThat(done.getHandlerResult().getBytes(UTF_8).length).isLessThanOrEqualTo(16);
    assertThat(done.getHandlerResult()).endsWith("[truncated]");
    // a plain-client record is known by its derived id
    assertThat(harness.handedOver()).extracting(r -> new String(r.key(), UTF_8)).contains("jobs.unit.job-0-1");

    harness.producer.completeNext();
    harness.producer.completeNext();
    await().atMost(Duration.ofSeconds(5)).until(() -> harness.committed(0) == 2);
  }

  @Test
  void aFailedDoneRecordIsSentAgainWithoutRunningTheJobAgain() {
    AtomicInteger runs = new AtomicInteger();
    harness = new WorkerHarness(Map.of(JobWorkerConfig.DONE_EVENTS_ENABLED_CONFIG, true), job -> runs.incrementAndGet(), false);
    harness.start(1);
    harness.send(0, 0, "k0", "a");
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.handedOver().size() == 1);
    harness.producer.errorNext(new TimeoutException("broker away"));
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.handedOver().size() == 2);
    assertThat(harness.committed(0)).as("never past the unacknowledged first record").isLessThanOrEqualTo(0);
    harness.producer.completeNext();
    await().atMost(Duration.ofSeconds(5)).until(() -> harness.committed(0) == 1);
    assertThat(runs).hasValue(1);
    assertThat(harness.handedOver()).extracting(ProducerRecord::topic).containsOnly("jobs.unit.job.done");
  }

  @Test
  void switchedOffASuccessWritesNothing() {
    harness = new WorkerHarness(Map.of(JobWorkerConfig.DONE_EVENTS_ENABLED_CONFIG, false), job -> job.result().set("x"), false);
    harness.start(1);
    harness.send(0, 0, "k0", "a");
    await().atMost(Duration.ofSeconds(5)).until(() -> harness.committed(0) == 1);
    assertThat(harness.handedOver()).isEmpty();
  }

  @Test
  void aResultCapOfZeroSendsNoResult() {
    harness = new WorkerHarness(Map.of(JobWorkerConfig.DONE_EVENTS_ENABLED_CONFIG, true,
        JobWorkerConfig.DONE_RESULT_MAX_BYTES_CONFIG, 0), job -> job.result().set("x"), true);
    harness.start(1);
    harness.send(0, 0, "k0", "a");
    await().atMost(Duration.ofSeconds(5)).until(() -> harness.committed(0) == 1);
    assertThat(JobDoneCodec.decode(harness.handedOver().get(0).value()).orElseThrow().getHandlerResult()).isNull();
  }
}
