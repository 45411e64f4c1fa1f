package dev.jobpipe.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The job ids jobpipe derives rather than generates (DESIGN.md), and the only place their forms are
 * spelled: a record published without {@code jobpipe.job.id} is the job {@code topic-partition-offset}
 * of where it was first read (the same form names a replayed record's origin in
 * {@code jobpipe.replay.of}); a job fired by a recurring schedule is {@code NAME@<fire time ISO-8601>}.
 * Every component derives the same id for the same record, so the worker, the router's de-duplication,
 * the DLQ inspector and the ledger agree on which job a record is.
 */
public final class JobIds {

  private JobIds() {}

  /** {@code topic-partition-offset}. */
  public static String derived(String topic, int partition, long offset) {
    return Objects.requireNonNull(topic, "topic") + "-" + position(partition, offset);
  }

  /**
   * {@code partition-offset}: a record's position within a topic known from context, such as a dead
   * letter's place in its DLQ (the key of the replay log, and {@code jobpipe.replay.of} of a replayed
   * dead letter).
   */
  public static String position(int partition, long offset) {
    return partition + "-" + offset;
  }

  /** The derived id of a record: where it was read. */
  public static String derived(ConsumerRecord<?, ?> record) {
    return derived(record.topic(), record.partition(), record.offset());
  }

  /** The record's {@code jobpipe.job.id}, else its derived id. */
  public static String of(ConsumerRecord<?, ?> record) {
    return JobHeaders.jobId(record.headers()).orElseGet(() -> derived(record));
  }

  /** As {@link #of(ConsumerRecord)}, from the record's headers already read. */
  public static String of(ConsumerRecord<?, ?> record, JobHeaderValues headers) {
    return headers.jobId().orElseGet(() -> derived(record));
  }

  /**
   * The derived id from the {@code jobpipe.origin.*} headers of a failed attempt: the id the worker
   * gave a job that had none. Empty unless all three are present and well-formed.
   */
  public static Optional<String> fromOrigin(Headers headers) {
    Optional<String> topic = JobHeaders.string(headers, JobHeaders.ORIGIN_TOPIC).filter(t -> !t.isBlank());
    OptionalLong partition = JobHeaders.number(headers, JobHeaders.ORIGIN_PARTITION);
    OptionalLong offset = JobHeaders.number(headers, JobHeaders.ORIGIN_OFFSET);
    if (topic.isEmpty() || partition.isEmpty() || offset.isEmpty()
        || partition.getAsLong() < 0 || partition.getAsLong() > Integer.MAX_VALUE || offset.getAsLong() < 0) {
      return Optional.empty();
    }
    return Optional.of(derived(topic.get(), (int) partition.getAsLong(), offset.getAsLong()));
  }

  /** The id of the job schedule {@code name} fires at {@code fireTime}: {@code NAME@<ISO-8601>}. */
  public static String scheduled(String name, Instant fireTime) {
    return Objects.requireNonNull(name, "name") + "@" + fireTime;
  }

  /**
   * The schedule name of a fire id made by {@link #scheduled}; empty for any other id (a schedule
   * name never contains {@code @}, and what follows it must be an ISO-8601 instant).
   */
  public static Optional<String> scheduleOf(String jobId) {
    int at = jobId == null ? -1 : jobId.indexOf('@');
    if (at <= 0) {
      return Optional.empty();
    }
    try {
      Instant.parse(jobId.substring(at + 1));
      return Optional.of(jobId.substring(0, at));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
