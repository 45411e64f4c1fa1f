package dev.jobpipe.consumer.internal;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.TraceContext;
import dev.jobpipe.schemas.JobHeaderValues;
import dev.jobpipe.schemas.JobIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Builds the {@link Job} a handler sees from a record, its headers (read once:
 * {@link dev.jobpipe.schemas.JobHeaders#read}) and its decoded payload, filling in what a record
 * from a plain Kafka client lacks: id {@code topic-partition-offset}, attempt 1, enqueue time =
 * record timestamp.
 */
final class JobFactory {

  private final String type;

  JobFactory(String type) {
    this.type = type;
  }

  Job<Object> create(ConsumerRecord<byte[], byte[]> record, JobHeaderValues headers, Object payload) {
    String id = JobIds.of(record, headers);
    Optional<String> key = record.key() == null
        ? Optional.empty()
        : Optional.of(new String(record.key(), StandardCharsets.UTF_8));
    Instant enqueuedAt = Instant.ofEpochMilli(headers.enqueuedAtMillis(record.timestamp()));
    Optional<TraceContext> trace = headers.traceparentBytes() == null
        ? Optional.empty()
        : headers.traceparent().flatMap(TraceContext::parse);
    return new Job<>(id, type, key, payload, headers.attempt(), enqueuedAt,
        new ReadOnlyHeaders(record.headers()), trace, record.topic(), record.partition(), record.offset());
  }

  /**
   * When the job became due: {@code jobpipe.not.before} for a retried job, else its enqueue time;
   * the start of its wait.
   */
  static long dueAtMillis(JobHeaderValues headers, Job<?> job) {
    return headers.notBeforeMillis(job.enqueuedAt().toEpochMilli());
  }
}
