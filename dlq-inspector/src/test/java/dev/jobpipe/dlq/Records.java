package dev.jobpipe.dlq;

import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Builds DLQ records for tests the way the router writes them. */
public final class Records {

  private Records() {}

  /** A jobpipe dead letter of job {@code jobId} at {@code partition}/{@code offset}, failed at {@code time}. */
  public static ConsumerRecord<byte[], byte[]> letter(String topic, int partition, long offset, Instant time,
      String jobId, DlqReason reason, String errorClass) {
    Headers h = new RecordHeaders();
    JobHeaders.set(h, JobHeaders.JOB_ID, jobId);
    JobHeaders.set(h, JobHeaders.JOB_TYPE, "email");
    JobHeaders.set(h, JobHeaders.ATTEMPT, 3);
    JobHeaders.set(h, JobHeaders.ENQUEUED_AT, time.minusSeconds(60));
    JobHeaders.set(h, JobHeaders.NOT_BEFORE, time.minusSeconds(5));
    JobHeaders.set(h, JobHeaders.ORIGIN_TOPIC, "jobs.email.retry.30s");
    JobHeaders.set(h, JobHeaders.ORIGIN_PARTITION, 1);
    JobHeaders.set(h, JobHeaders.ORIGIN_OFFSET, originOffset(jobId));
    JobHeaders.set(h, JobHeaders.ERROR_CLASS, errorClass);
    JobHeaders.set(h, JobHeaders.ERROR_MESSAGE, "boom " + jobId);
    JobHeaders.set(h, JobHeaders.ERROR_STACK, errorClass + ": boom\n\tat x.Y.z(Y.java:1)");
    JobHeaders.set(h, JobHeaders.ERROR_RETRYABLE, "true");
    JobHeaders.set(h, JobHeaders.FAILED_AT, time);
    JobHeaders.set(h, JobHeaders.DLQ_REASON, reason.name());
    h.add(JobHeaders.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));
    return record(topic, partition, offset, time, ("key-" + jobId).getBytes(StandardCharsets.UTF_8), wire(7, jobId), h);
  }

  /** The origin offset {@link #letter} gives job {@code jobId}: distinct jobs, distinct origins. */
  public static long originOffset(String jobId) {
    return Math.floorMod(jobId.hashCode(), 1_000_000);
  }

  /** A copy of {@code letter} written again at {@code partition}/{@code offset}, as a crashed worker does. */
  public static ConsumerRecord<byte[], byte[]> copyAt(ConsumerRecord<byte[], byte[]> letter, int partition, long offset,
      Instant time) {
    return record(letter.topic(), partition, offset, time, letter.key(), letter.value(),
        new RecordHeaders(letter.headers().toArray()));
  }

  public static ConsumerRecord<byte[], byte[]> record(String topic, int partition, long offset, Instant time,
      byte[] key, byte[] value, Headers headers) {
    return new ConsumerRecord<>(topic, partition, offset, time.toEpochMilli(), TimestampType.CREATE_TIME,
        key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers, Optional.empty());
  }

  /** A wire-format-looking value: magic byte, schema id, then {@code body} as UTF-8. */
  public static byte[] wire(int schemaId, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(5 + b.length).put((byte) 0).putInt(schemaId).put(b).array();
  }

  public static byte[] intBytes(int n) {
    return ByteBuffer.allocate(4).putInt(n).array();
  }

  public static byte[] longBytes(long n) {
    return ByteBuffer.allocate(8).putLong(n).array();
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
