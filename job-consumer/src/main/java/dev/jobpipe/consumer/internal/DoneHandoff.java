package dev.jobpipe.consumer.internal;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.ledger.JobDone;
import dev.jobpipe.schemas.ledger.JobDoneCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@code jobs.T.done} record of a succeeded job and marks the entry done only once the
 * broker acknowledged it, so the commit never passes a success the ledger cannot learn about.
 *
 * <p>Unlike a failure, the send does not block the runner: the producer batches done records of
 * many jobs and the acknowledgement callback finishes the entry. A failed send does not run the
 * job again: after the shared handoff backoff (fetching paused meanwhile) the same record is sent
 * again from a fresh virtual thread; when the partition is given up during the backoff the entry is
 * given up too, and its next owner runs the job again (at least once).
 *
 * <p>Record: key = job id (UTF-8), value = {@link JobDoneCodec} of {@link JobDone}, headers
 * {@code jobpipe.job.id}, {@code .job.type}, {@code .attempt}, {@code .enqueued.at} and, when the
 * job carries them, {@code jobpipe.replay.of} and {@code traceparent}.
 */
final class DoneHandoff {

  private static final Logger log = LoggerFactory.getLogger(DoneHandoff.class);

  private final JobTopics topics;
  private final Producer<byte[], byte[]> producer;
  private final BackoffGate gate;
  private final WorkerMetrics metrics;
  private final String workerInstance;
  private final int resultMaxBytes;

  DoneHandoff(JobTopics topics, Producer<byte[], byte[]> producer, BackoffGate gate, WorkerMetrics metrics,
      String workerInstance, int resultMaxBytes) {
    this.topics = topics;
    this.producer = producer;
    this.gate = gate;
    this.metrics = metrics;
    this.workerInstance = workerInstance;
    this.resultMaxBytes = resultMaxBytes;
  }

  /** The done record of {@code job}, which finished at {@code finishedMillis} after {@code durationMillis}. */
  ProducerRecord<byte[], byte[]> doneRecord(JobEntry entry, Job<?> job, long finishedMillis, long durationMillis) {
    String result = resultMaxBytes == 0
        ? null
        : job.result().get().map(r -> FailureHandoff.truncateUtf8(r, resultMaxBytes)).orElse(null);
    JobDone done = JobDone.newBuilder()
        .setAttempt(job.attempt())
        .setFinishedAt(finishedMillis)
        .setDurationMs(durationMillis)
        .setWorker(workerInstance)
        .setHandlerResult(result)
        .build();
    Headers headers = new RecordHeaders();
    JobHeaders.set(headers, JobHeaders.JOB_ID, job.id());
    JobHeaders.set(headers, JobHeaders.JOB_TYPE, topics.type());
    JobHeaders.set(headers, JobHeaders.ATTEMPT, job.attempt());
    JobHeaders.set(headers, JobHeaders.ENQUEUED_AT, job.enqueuedAt());
    JobHeaders.string(entry.record.headers(), JobHeaders.REPLAY_OF)
        .ifPresent(v -> JobHeaders.set(headers, JobHeaders.REPLAY_OF, v));
    JobHeaders.string(entry.record.headers(), JobHeaders.TRACEPARENT)
        .ifPresent(v -> JobHeaders.set(headers, JobHeaders.TRACEPARENT, v));
    return new ProducerRecord<>(topics.done(), null, job.id().getBytes(StandardCharsets.UTF_8),
        JobDoneCodec.encode(done), headers);
  }

  /** Sends {@code record} and marks {@code entry} done when the broker acknowledged it. Never blocks for the ack. */
  void send(JobEntry entry, ProducerRecord<byte[], byte[]> record) {
    try {
      producer.send(record, (metadata, error) -> {
        if (error == null) {
          if (gate.recordSuccess()) {
            log.info("done records to {} are acknowledged again; resuming", record.topic());
          }
          entry.markDone();
        } else {
          failed(entry, record, error);
        }
      });
    } catch (RuntimeException e) {
      // send itself throws for a closed producer, a record too large, or metadata it could not get
      failed(entry, record, e);
    }
  }

  private void failed(JobEntry entry, ProducerRecord<byte[], byte[]> record, Throwable error) {
    metrics.handoffFailed();
    if (gate.recordFailure(error) || log.isDebugEnabled()) {
      log.warn("done record of {} to {} failed: {}; fetching paused, sending it again in {} ms",
          entry, record.topic(), error.toString(), gate.pauseMillis());
    }
    // the callback runs on the producer's I/O thread, which must not wait out a backoff
    Thread.ofVirtual().name("jobpipe-" + topics.type() + "-done-resend").start(() -> {
      if (gate.awaitOpen(entry.partition::closing)) {
        send(entry, record);
      } else {
        entry.giveUp();
      }
    });
  }
}
