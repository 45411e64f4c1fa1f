package dev.jobpipe.consumer.internal;

import dev.jobpipe.schemas.JobIds;
import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.TraceContext;
import dev.jobpipe.schemas.JobHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Builds the {@link Job} a handler sees from a record and its decoded payload, filling in what a
 * record from a plain Kafka client lacks: id {@code topic-partition-offset}, attempt 1, enqueue
 * time = record timestamp.
 */
final class JobFactory {

  private final String type;

  JobFactory(String type) {
    this.type = type;
  }

  Job<Object> create(ConsumerRecord<byte[], byte[]> record, Object payload) {
    var headers = record.headers();
    String id = JobIds.of(record);
    Optional<String> key = record.key() == null
        ? Optional.empty()
        : Optional.of(new String(record.key(), StandardCharsets.UTF_8));
    Instant enqueuedAt = JobHeaders.instant(headers, JobHeaders.ENQUEUED_AT)
        .orElseGet(() -> Instant.ofEpochMilli(record.timestamp()));
    Optional<TraceContext> trace = JobHeaders.string(headers, JobHeaders.TRACEPARENT).flatMap(TraceContext::parse);
    return new Job<>(id, type, key, payload, JobHeaders.attempt(headers), enqueuedAt,
        new ReadOnlyHeaders(headers), trace, record.topic(), record.partition(), record.offset());
  }

  /**
   * When the job became due: {@code jobpipe.not.before} for a retried job, else its enqueue time;
   * the start of its wait.
   */
  static long dueAtMillis(ConsumerRecord<byte[], byte[]> record, Job<?> job) {
    return JobHeaders.notBefore(record.headers()).orElse(job.enqueuedAt()).toEpochMilli();
  }
}
