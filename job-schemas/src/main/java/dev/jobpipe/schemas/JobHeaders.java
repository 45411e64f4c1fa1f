package dev.jobpipe.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The record headers of the jobpipe wire contract (DESIGN.md), and the only place their names are
 * spelled. Values are UTF-8 strings; numbers are decimal, times epoch milliseconds, so that a
 * publisher in any language can read and write them without a jobpipe library.
 */
public final class JobHeaders {

  public static final String JOB_ID = "jobpipe.job.id";
  public static final String JOB_TYPE = "jobpipe.job.type";
  public static final String ATTEMPT = "jobpipe.attempt";
  public static final String ENQUEUED_AT = "jobpipe.enqueued.at";
  public static final String NOT_BEFORE = "jobpipe.not.before";
  public static final String ORIGIN_TOPIC = "jobpipe.origin.topic";
  public static final String ORIGIN_PARTITION = "jobpipe.origin.partition";
  public static final String ORIGIN_OFFSET = "jobpipe.origin.offset";
  public static final String ERROR_CLASS = "jobpipe.error.class";
  public static final String ERROR_MESSAGE = "jobpipe.error.message";
  public static final String ERROR_STACK = "jobpipe.error.stack";
  public static final String FAILED_AT = "jobpipe.failed.at";
  /**
   * {@code true}/{@code false}: the worker's classification of the last failure. Not in DESIGN.md's
   * table, added so the router can route a terminal failure to the DLQ as FATAL without knowing the
   * handler's exception classes; absent means retryable.
   */
  public static final String ERROR_RETRYABLE = "jobpipe.error.retryable";
  /**
   * The failure's cause chain as class names, one line per cause from the thrown exception inwards,
   * each line the class and its superclasses separated by spaces. Not in DESIGN.md's table, added so
   * the router classifies a failure as the worker does, superclasses included, however the stack
   * was trimmed; see {@link dev.jobpipe.schemas.errors.CauseChain}.
   */
  public static final String ERROR_CAUSES = "jobpipe.error.causes";
  public static final String DLQ_REASON = "jobpipe.dlq.reason";
  public static final String REPLAY_OF = "jobpipe.replay.of";
  /** On a job fired by a recurring schedule: the schedule's name (its id is {@code NAME@<fire time>}). */
  public static final String SCHEDULE_NAME = "jobpipe.schedule.name";
  /**
   * On a record of {@code jobs.T.scheduled}: the ordering key the job gets on {@code jobs.T}. Not
   * in DESIGN.md's table, added because the scheduled topic is keyed by job id (so a tombstone finds
   * the job) while {@code jobs.T} is keyed by ordering key; absent means the job id is the key.
   */
  public static final String ORDERING_KEY = "jobpipe.ordering.key";
  public static final String TRACEPARENT = "traceparent";

  /** Prefix shared by every jobpipe header; lets tools tell ours from foreign ones. */
  public static final String PREFIX = "jobpipe.";

  private JobHeaders() {}

  /** The last value of {@code name}, decoded as UTF-8; empty when absent or null. */
  public static Optional<String> string(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    if (header == null || header.value() == null) {
      return Optional.empty();
    }
    return Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }

  /**
   * The last value of {@code name} as a decimal long; empty when absent or not a number, because a
   * header written by a foreign client must never make a job unreadable.
   */
  public static OptionalLong number(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? OptionalLong.empty() : decimal(header.value());
  }

  /**
   * A header value as a decimal long (surrounding whitespace allowed); empty when null or not a
   * number. Plain ASCII digits, the form every jobpipe writer uses, are read from the bytes without
   * making a String.
   */
  public static OptionalLong decimal(byte[] value) {
    if (value == null) {
      return OptionalLong.empty();
    }
    int n = value.length;
    if (n > 0 && n <= 18) {
      long result = 0;
      int i = 0;
      while (i < n && value[i] >= '0' && value[i] <= '9') {
        result = result * 10 + (value[i++] - '0');
      }
      if (i == n) {
        return OptionalLong.of(result);
      }
    }
    try {
      return OptionalLong.of(Long.parseLong(new String(value, StandardCharsets.UTF_8).trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The headers a worker reads from every job, in one pass over the record's headers instead of
   * one search per name: each search walks the headers from the end and makes the String of every
   * key it passes, and each number went through a String too.
   */
  public static JobHeaderValues read(Headers headers) {
    return JobHeaderValues.of(headers);
  }

  /** The last value of {@code name} as an instant (epoch millis); empty when absent or malformed. */
  public static Optional<Instant> instant(Headers headers, String name) {
    OptionalLong millis = number(headers, name);
    return millis.isPresent() ? Optional.of(Instant.ofEpochMilli(millis.getAsLong())) : Optional.empty();
  }

  /** Replaces every value of {@code name} with {@code value} (UTF-8). */
  public static Headers set(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  /** Replaces every value of {@code name} with the decimal form of {@code value}. */
  public static Headers set(Headers headers, String name, long value) {
    return set(headers, name, Long.toString(value));
  }

  /** Replaces every value of {@code name} with {@code value} as epoch milliseconds. */
  public static Headers set(Headers headers, String name, Instant value) {
    return set(headers, name, value.toEpochMilli());
  }

  /** The job id, if the record carries one. */
  public static Optional<String> jobId(Headers headers) {
    return string(headers, JOB_ID);
  }

  /** The attempt number; 1 when the record carries none (a plain-client job is a first attempt). */
  public static int attempt(Headers headers) {
    return attempt(number(headers, ATTEMPT));
  }

  /** An attempt header's number as an attempt: 1 when absent or out of range. */
  static int attempt(OptionalLong attempt) {
    return attempt.isPresent() && attempt.getAsLong() >= 1 && attempt.getAsLong() <= Integer.MAX_VALUE
        ? (int) attempt.getAsLong() : 1;
  }

  /** The retry due time, if any. */
  public static Optional<Instant> notBefore(Headers headers) {
    return instant(headers, NOT_BEFORE);
  }

  /** The dead-letter reason, if the record is a dead letter written by jobpipe. */
  public static Optional<DlqReason> dlqReason(Headers headers) {
    return string(headers, DLQ_REASON).flatMap(DlqReason::parse);
  }
}
