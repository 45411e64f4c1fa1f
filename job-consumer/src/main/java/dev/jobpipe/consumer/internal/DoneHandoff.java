package dev.jobpipe.consumer.internal;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.schemas.JobHeaderValues;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.ledger.JobDone;
import dev.jobpipe.schemas.ledger.JobDoneCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@code jobs.T.done} record of a succeeded job and marks the entry done only once the
 * broker acknowledged it, so the commit never passes a success the ledger cannot learn about.
 *
 * <p>Unlike a failure, the send does not block the runner: the producer batches done records of
 * many jobs and the acknowledgement callback finishes the entry. The runner builds and sends the
 * record itself. A single sender thread fed by a queue was tried and measured worse: under CPU
 * saturation one virtual thread among many runners gets too few turns on the carriers, the
 * acknowledgements lag and the partitions' windows fill. What made the record expensive was its
 * building (an Avro builder validating every field, the value copied twice, the topic name
 * concatenated and each header removed before being added, per job); it is now built directly.
 *
 * <p>A failed send does not run the job again: after the shared handoff backoff (fetching paused
 * meanwhile) the same record is sent again from a fresh virtual thread; when the partition is given
 * up during the backoff the entry is given up too, and its next owner runs the job again (at least
 * once).
 *
 * <p>Record: key = job id (UTF-8), value = {@link JobDoneCodec} of {@link JobDone}, headers
 * {@code jobpipe.job.id}, {@code .job.type}, {@code .attempt}, {@code .enqueued.at} and, when the
 * job carries them, {@code jobpipe.replay.of} and {@code traceparent}.
 */
final class DoneHandoff {

  private static final Logger log = LoggerFactory.getLogger(DoneHandoff.class);
  /** A done value is about 60 bytes plus the worker name and the result. */
  private static final int VALUE_SIZE_HINT = 128;

  private final JobTopics topics;
  private final String doneTopic;
  private final byte[] typeBytes;
  private final Producer<byte[], byte[]> producer;
  private final BackoffGate gate;
  private final WorkerMetrics metrics;
  private final String workerInstance;
  private final int resultMaxBytes;

  DoneHandoff(JobTopics topics, Producer<byte[], byte[]> producer, BackoffGate gate, WorkerMetrics metrics,
      String workerInstance, int resultMaxBytes) {
    this.topics = topics;
    this.doneTopic = topics.done();
    this.typeBytes = topics.type().getBytes(StandardCharsets.UTF_8);
    this.producer = producer;
    this.gate = gate;
    this.metrics = metrics;
    this.workerInstance = workerInstance;
    this.resultMaxBytes = resultMaxBytes;
  }

  /**
   * Sends the done record of {@code job}, which finished at {@code finishedMillis} after
   * {@code durationMillis}; its acknowledgement marks {@code entry} done. Never waits for the ack.
   */
  void submit(JobEntry entry, Job<?> job, JobHeaderValues origin, long finishedMillis, long durationMillis) {
    send(entry, doneRecord(job, origin, finishedMillis, durationMillis));
  }

  /** The done record of {@code job}, whose own record's headers are {@code origin}. */
  ProducerRecord<byte[], byte[]> doneRecord(Job<?> job, JobHeaderValues origin, long finishedMillis, long durationMillis) {
    String result = resultMaxBytes == 0
        ? null
        : job.result().get().map(r -> FailureHandoff.truncateUtf8(r, resultMaxBytes)).orElse(null);
    // the generated constructor, not the builder, which validates and deep-copies every field
    JobDone done = new JobDone(job.attempt(), finishedMillis, durationMillis, workerInstance, result);
    ByteArrayOutputStream value = new ByteArrayOutputStream(VALUE_SIZE_HINT);
    JobDoneCodec.encode(done, value);
    byte[] id = job.id().getBytes(StandardCharsets.UTF_8);
    byte[] replayOf = origin.replayOfBytes();
    byte[] traceparent = origin.traceparentBytes();
    Header[] headers = new Header[4 + (replayOf == null ? 0 : 1) + (traceparent == null ? 0 : 1)];
    headers[0] = new RecordHeader(JobHeaders.JOB_ID, id);
    headers[1] = new RecordHeader(JobHeaders.JOB_TYPE, typeBytes);
    headers[2] = new RecordHeader(JobHeaders.ATTEMPT, decimal(job.attempt()));
    headers[3] = new RecordHeader(JobHeaders.ENQUEUED_AT, decimal(job.enqueuedAt().toEpochMilli()));
    int i = 4;
    if (replayOf != null) {
      headers[i++] = new RecordHeader(JobHeaders.REPLAY_OF, replayOf);
    }
    if (traceparent != null) {
      headers[i] = new RecordHeader(JobHeaders.TRACEPARENT, traceparent);
    }
    return new ProducerRecord<>(doneTopic, null, id, value.toByteArray(), new RecordHeaders(headers));
  }

  /** The decimal form of {@code value}, as JobHeaders writes numbers. */
  private static byte[] decimal(long value) {
    return Long.toString(value).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Sends {@code record} and marks {@code entry} done when the broker acknowledged it. Never blocks for the ack. */
  private void send(JobEntry entry, ProducerRecord<byte[], byte[]> record) {
    try {
      producer.send(record, new Ack(entry, record));
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

  /** The acknowledgement of one done record: finishes its entry, or sends the record again after the backoff. */
  private final class Ack implements Callback {
    private final JobEntry entry;
    private final ProducerRecord<byte[], byte[]> record;

    Ack(JobEntry entry, ProducerRecord<byte[], byte[]> record) {
      this.entry = entry;
      this.record = record;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
      if (error == null) {
        if (gate.recordSuccess()) {
          log.info("done records to {} are acknowledged again; resuming", doneTopic);
        }
        entry.markDone();
      } else {
        failed(entry, record, error);
      }
    }
  }
}
