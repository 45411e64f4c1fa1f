package dev.jobpipe.dlq;

import dev.jobpipe.schemas.JobIds;
import dev.jobpipe.dlq.internal.HeaderText;
import dev.jobpipe.schemas.DlqReason;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of a DLQ, normalised so that letters of every convention ({@link LetterConvention})
 * fill the same columns. Components a letter's headers do not tell are {@code null} (their
 * {@code Optional} accessors say so); {@code jobId}, {@code attempt} and {@code failedAt} always
 * have a value, derived the way a worker derives them for a plain-client job.
 *
 * @param topic the DLQ topic
 * @param partition DLQ partition
 * @param offset DLQ offset
 * @param timestamp the DLQ record's timestamp: when it was dead-lettered
 * @param convention whose headers the letter carries
 * @param jobId {@code jobpipe.job.id}, else the origin's topic-partition-offset, else the DLQ's
 * @param attempt the attempt that failed last (1 when unknown)
 * @param reason why jobpipe dead-lettered it; null for other tools' letters
 * @param errorClass class name of the last failure; null when unknown
 * @param errorMessage message of the last failure; null when unknown
 * @param errorStack stack trace of the last failure; null when unknown
 * @param failedAt time of the last failure, else the DLQ record's timestamp
 * @param enqueuedAt when the job was first published; null when unknown
 * @param origin where the failed attempt was read; null when unknown
 * @param replayOf the position a previous replay took this job from; null if it never was replayed
 * @param key record key bytes, possibly null
 * @param value record value bytes, possibly null
 * @param headers every header in record order
 * @param schemaId the writer schema id of a Confluent wire-format value; null otherwise
 */
public record DeadLetter(
    String topic,
    int partition,
    long offset,
    Instant timestamp,
    LetterConvention convention,
    String jobId,
    int attempt,
    DlqReason reason,
    String errorClass,
    String errorMessage,
    String errorStack,
    Instant failedAt,
    Instant enqueuedAt,
    Origin origin,
    String replayOf,
    byte[] key,
    byte[] value,
    List<DeadLetterHeader> headers,
    Integer schemaId) {

  /** Where a failed attempt was read: the coordinates a job id is derived from when it has none. */
  public record Origin(String topic, int partition, long offset) {
    public Origin {
      Objects.requireNonNull(topic, "topic");
    }

    /** {@code topic-partition-offset}, the form of derived job ids and of {@code jobpipe.replay.of}. */
    @Override
    public String toString() {
      return JobIds.derived(topic, partition, offset);
    }
  }

  public DeadLetter {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(convention, "convention");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(failedAt, "failedAt");
    headers = List.copyOf(headers);
  }

  /**
   * This letter's DLQ position as {@code partition-offset}: the key of its replay-log entry and the
   * value a replay puts in {@code jobpipe.replay.of}.
   */
  public String position() {
    return JobIds.position(partition, offset);
  }

  public Optional<DlqReason> reasonIfKnown() {
    return Optional.ofNullable(reason);
  }

  public Optional<Origin> originIfKnown() {
    return Optional.ofNullable(origin);
  }

  /** The last value of header {@code name}, if present. */
  public Optional<DeadLetterHeader> header(String name) {
    for (int i = headers.size() - 1; i >= 0; i--) {
      if (headers.get(i).name().equals(name)) {
        return Optional.of(headers.get(i));
      }
    }
    return Optional.empty();
  }

  /** The key as an operator reads it: text when it is UTF-8, hex otherwise; {@code (null)} when absent. */
  public String keyText() {
    return HeaderText.render("key", key);
  }

  /** The value as text or hex, cut after a few dozen bytes: for values that do not decode. */
  public String valuePreview() {
    return HeaderText.render("value", value);
  }

  @Override
  public String toString() {
    return "DeadLetter[" + topic + " " + position() + " job " + jobId + " attempt " + attempt
        + (reason == null ? "" : " " + reason) + (errorClass == null ? "" : " " + errorClass) + "]";
  }
}
