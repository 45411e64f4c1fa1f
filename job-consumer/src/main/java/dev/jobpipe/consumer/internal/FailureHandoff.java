package dev.jobpipe.consumer.internal;

import dev.jobpipe.schemas.errors.CauseChain;
import dev.jobpipe.schemas.JobIds;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Hands a failed attempt over to {@code jobs.T.failed}, or an undecodable record to
 * {@code jobs.T.dlq}, and waits for the broker's acknowledgement: only then may the worker commit
 * past the record. The new record carries the original key and value bytes unchanged (routing never
 * decodes), the original headers, and the failure: {@code jobpipe.error.*}, the
 * {@code jobpipe.origin.*} of the attempt and {@code jobpipe.failed.at}. A job published without
 * jobpipe headers also gets the id, type, attempt and enqueue time it was run with, so that its
 * retries are recognisably the same job.
 *
 * <p>Public for {@code jobpipe-test}, whose in-memory tester builds the same failed record to ask
 * the router's decider what would happen; not an API.
 */
public final class FailureHandoff {

  private static final int MESSAGE_MAX_BYTES = 2_048;
  private static final String TRUNCATED = " ...[truncated]";

  private final JobTopics topics;
  private final Producer<byte[], byte[]> producer;
  private final Clock clock;
  private final int stackMaxBytes;
  private final Duration timeout;

  /** @param producer where {@link #send} sends; null when records are only built, never sent */
  public FailureHandoff(JobTopics topics, Producer<byte[], byte[]> producer, Clock clock, int stackMaxBytes, Duration timeout) {
    this.topics = topics;
    this.producer = producer;
    this.clock = clock;
    this.stackMaxBytes = stackMaxBytes;
    this.timeout = timeout;
  }

  /** The record for {@code jobs.T.failed} describing {@code error}. */
  public ProducerRecord<byte[], byte[]> failedRecord(ConsumerRecord<byte[], byte[]> origin, Throwable error, boolean retryable) {
    Headers headers = failureHeaders(origin, error, retryable);
    return new ProducerRecord<>(topics.failed(), null, origin.key(), origin.value(), headers);
  }

  /** The record for {@code jobs.T.dlq}: reason UNDECODABLE, never retryable. */
  ProducerRecord<byte[], byte[]> undecodableRecord(ConsumerRecord<byte[], byte[]> origin, Throwable error) {
    Headers headers = failureHeaders(origin, error, false);
    JobHeaders.set(headers, JobHeaders.DLQ_REASON, DlqReason.UNDECODABLE.name());
    return new ProducerRecord<>(topics.dlq(), null, origin.key(), origin.value(), headers);
  }

  /**
   * Sends {@code record} and blocks until the broker acknowledged it (virtual threads make the
   * wait cheap), at most {@code handoff.timeout.ms}: a handoff never holds its record undone for
   * longer than that per try. Throws the producer's error, or a Kafka {@code TimeoutException},
   * when the handoff failed; the caller retries it.
   */
  void send(ProducerRecord<byte[], byte[]> record) throws Exception {
    try {
      producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      throw new org.apache.kafka.common.errors.TimeoutException(
          "not acknowledged within handoff.timeout.ms (" + timeout.toMillis() + " ms)");
    }
  }

  private Headers failureHeaders(ConsumerRecord<byte[], byte[]> origin, Throwable error, boolean retryable) {
    Headers headers = new RecordHeaders(origin.headers().toArray());
    if (JobHeaders.jobId(headers).isEmpty()) {
      JobHeaders.set(headers, JobHeaders.JOB_ID, JobIds.derived(origin));
    }
    if (JobHeaders.string(headers, JobHeaders.JOB_TYPE).isEmpty()) {
      JobHeaders.set(headers, JobHeaders.JOB_TYPE, topics.type());
    }
    if (JobHeaders.number(headers, JobHeaders.ATTEMPT).isEmpty()) {
      JobHeaders.set(headers, JobHeaders.ATTEMPT, JobHeaders.attempt(headers));
    }
    if (JobHeaders.number(headers, JobHeaders.ENQUEUED_AT).isEmpty()) {
      JobHeaders.set(headers, JobHeaders.ENQUEUED_AT, origin.timestamp());
    }
    JobHeaders.set(headers, JobHeaders.ERROR_CLASS, error.getClass().getName());
    JobHeaders.set(headers, JobHeaders.ERROR_MESSAGE, truncateUtf8(message(error), MESSAGE_MAX_BYTES));
    JobHeaders.set(headers, JobHeaders.ERROR_STACK, truncateUtf8(stackTrace(error), stackMaxBytes));
    JobHeaders.set(headers, JobHeaders.ERROR_RETRYABLE, Boolean.toString(retryable));
    JobHeaders.set(headers, JobHeaders.ERROR_CAUSES, CauseChain.of(error).headerValue());
    JobHeaders.set(headers, JobHeaders.ORIGIN_TOPIC, origin.topic());
    JobHeaders.set(headers, JobHeaders.ORIGIN_PARTITION, origin.partition());
    JobHeaders.set(headers, JobHeaders.ORIGIN_OFFSET, origin.offset());
    JobHeaders.set(headers, JobHeaders.FAILED_AT, clock.millis());
    return headers;
  }

  /** The error's message; a handler's exception whose getMessage() itself fails must not stop the handoff. */
  static String message(Throwable error) {
    try {
      return String.valueOf(error.getMessage());
    } catch (RuntimeException e) {
      return "(getMessage() of " + error.getClass().getName() + " threw " + e.getClass().getName() + ")";
    }
  }

  static String stackTrace(Throwable error) {
    StringWriter out = new StringWriter();
    try (PrintWriter writer = new PrintWriter(out)) {
      error.printStackTrace(writer);
    } catch (RuntimeException e) {
      return error.getClass().getName() + " (its stack trace could not be printed: " + e.getClass().getName() + ")";
    }
    return out.toString();
  }

  /**
   * Cuts {@code text} to at most {@code maxBytes} UTF-8 bytes without splitting a character, ending
   * a cut text with a marker so a reader knows there was more.
   */
  static String truncateUtf8(String text, int maxBytes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return text;
    }
    int end = Math.max(0, maxBytes - TRUNCATED.length());
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8) + TRUNCATED;
  }
}
