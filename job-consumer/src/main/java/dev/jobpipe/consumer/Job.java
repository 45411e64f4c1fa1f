package dev.jobpipe.consumer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;

/**
 * One delivery of a job to a {@link JobHandler}: the decoded payload plus what the wire contract
 * says about it. A record published by a plain Kafka client (no jobpipe headers) is still a job: its
 * id is derived from where it was read ({@code topic-partition-offset}), its attempt is 1 and its
 * enqueue time is the record timestamp.
 *
 * @param id unique job id ({@code jobpipe.job.id}), stable across retries
 * @param type the job type {@code T}
 * @param key the record key as UTF-8 (the ordering key), empty when the record has none
 * @param payload the decoded Avro payload
 * @param attempt 1 on first delivery, +1 on each retry
 * @param enqueuedAt when the job was first published
 * @param headers the record's headers, read-only
 * @param trace the W3C trace context of the {@code traceparent} header, if valid
 * @param topic the topic the job was read from
 * @param partition the partition it was read from
 * @param offset its offset there
 * @param result where the handler may leave a short result for the job ledger ({@link JobResult})
 * @param <T> the payload type
 */
public record Job<T>(
    String id,
    String type,
    Optional<String> key,
    T payload,
    int attempt,
    Instant enqueuedAt,
    Headers headers,
    Optional<TraceContext> trace,
    String topic,
    int partition,
    long offset,
    JobResult result) {

  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(trace, "trace");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(result, "result");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
    }
  }

  /** A job with an empty {@link JobResult}. */
  public Job(String id, String type, Optional<String> key, T payload, int attempt, Instant enqueuedAt,
      Headers headers, Optional<TraceContext> trace, String topic, int partition, long offset) {
    this(id, type, key, payload, attempt, enqueuedAt, headers, trace, topic, partition, offset, new JobResult());
  }
}
