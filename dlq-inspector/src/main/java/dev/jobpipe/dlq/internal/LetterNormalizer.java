package dev.jobpipe.dlq.internal;

import dev.jobpipe.schemas.JobIds;
import dev.jobpipe.dlq.DeadLetter;
import dev.jobpipe.dlq.DeadLetterHeader;
import dev.jobpipe.dlq.LetterConvention;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobHeaders;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads one DLQ record into a {@link DeadLetter}, whichever convention wrote it: jobpipe's own
 * headers first, else Spring Kafka's {@code kafka_dlt-*}, else Kafka Connect's
 * {@code __connect.errors.*}. What no header tells is derived as a worker would (job id from
 * topic-partition-offset, attempt 1, failure time from the record timestamp). Never throws on odd
 * headers: a letter must stay inspectable whatever wrote it.
 */
public final class LetterNormalizer {

  private LetterNormalizer() {}

  public static DeadLetter normalize(ConsumerRecord<byte[], byte[]> record) {
    Headers h = record.headers();
    List<DeadLetterHeader> headers = new ArrayList<>();
    for (Header header : h) {
      headers.add(new DeadLetterHeader(header.key(), header.value(), HeaderText.render(header.key(), header.value())));
    }
    LetterConvention convention = conventionOf(h);
    Instant dlqTime = Instant.ofEpochMilli(Math.max(0, record.timestamp()));
    Integer schemaId = schemaId(record.value());
    return switch (convention) {
      case JOBPIPE -> jobpipe(record, headers, dlqTime, schemaId);
      case SPRING -> spring(record, headers, dlqTime, schemaId);
      case CONNECT -> connect(record, headers, dlqTime, schemaId);
      case PLAIN -> build(record, convention, headers, dlqTime, schemaId, null, 1, null,
          null, null, null, dlqTime, null, null);
    };
  }

  static LetterConvention conventionOf(Headers headers) {
    boolean spring = false;
    boolean connect = false;
    for (Header header : headers) {
      String key = header.key();
      if (key.startsWith(JobHeaders.PREFIX)) {
        return LetterConvention.JOBPIPE;
      }
      spring |= key.startsWith(SpringDltHeaders.PREFIX);
      connect |= key.startsWith(ConnectErrorHeaders.PREFIX);
    }
    if (spring) {
      return LetterConvention.SPRING;
    }
    return connect ? LetterConvention.CONNECT : LetterConvention.PLAIN;
  }

  private static DeadLetter jobpipe(
      ConsumerRecord<byte[], byte[]> r, List<DeadLetterHeader> headers, Instant dlqTime, Integer schemaId) {
    Headers h = r.headers();
    DeadLetter.Origin origin = origin(
        JobHeaders.string(h, JobHeaders.ORIGIN_TOPIC),
        JobHeaders.number(h, JobHeaders.ORIGIN_PARTITION),
        JobHeaders.number(h, JobHeaders.ORIGIN_OFFSET));
    return build(r, LetterConvention.JOBPIPE, headers, dlqTime, schemaId,
        JobHeaders.jobId(h).filter(id -> !id.isBlank()).orElse(null),
        JobHeaders.attempt(h),
        JobHeaders.dlqReason(h).orElse(null),
        JobHeaders.string(h, JobHeaders.ERROR_CLASS).orElse(null),
        JobHeaders.string(h, JobHeaders.ERROR_MESSAGE).orElse(null),
        JobHeaders.string(h, JobHeaders.ERROR_STACK).orElse(null),
        JobHeaders.instant(h, JobHeaders.FAILED_AT).orElse(dlqTime),
        JobHeaders.instant(h, JobHeaders.ENQUEUED_AT).orElse(null),
        origin);
  }

  private static DeadLetter spring(
      ConsumerRecord<byte[], byte[]> r, List<DeadLetterHeader> headers, Instant dlqTime, Integer schemaId) {
    Headers h = r.headers();
    String errorClass = JobHeaders.string(h, SpringDltHeaders.EXCEPTION_CAUSE_FQCN)
        .or(() -> JobHeaders.string(h, SpringDltHeaders.EXCEPTION_FQCN))
        .or(() -> JobHeaders.string(h, SpringDltHeaders.KEY_EXCEPTION_FQCN))
        .orElse(null);
    String message = JobHeaders.string(h, SpringDltHeaders.EXCEPTION_MESSAGE)
        .or(() -> JobHeaders.string(h, SpringDltHeaders.KEY_EXCEPTION_MESSAGE))
        .orElse(null);
    String stack = JobHeaders.string(h, SpringDltHeaders.EXCEPTION_STACKTRACE)
        .or(() -> JobHeaders.string(h, SpringDltHeaders.KEY_EXCEPTION_STACKTRACE))
        .orElse(null);
    DeadLetter.Origin origin = origin(
        JobHeaders.string(h, SpringDltHeaders.ORIGINAL_TOPIC),
        binary(h, SpringDltHeaders.ORIGINAL_PARTITION),
        binary(h, SpringDltHeaders.ORIGINAL_OFFSET));
    OptionalLong attempts = binary(h, SpringDltHeaders.RETRY_ATTEMPTS);
    OptionalLong originalTime = binary(h, SpringDltHeaders.ORIGINAL_TIMESTAMP);
    return build(r, LetterConvention.SPRING, headers, dlqTime, schemaId, null,
        attempts.isPresent() && attempts.getAsLong() >= 1 ? (int) Math.min(Integer.MAX_VALUE, attempts.getAsLong()) : 1,
        null, errorClass, message, stack, dlqTime,
        originalTime.isPresent() ? Instant.ofEpochMilli(originalTime.getAsLong()) : null,
        origin);
  }

  private static DeadLetter connect(
      ConsumerRecord<byte[], byte[]> r, List<DeadLetterHeader> headers, Instant dlqTime, Integer schemaId) {
    Headers h = r.headers();
    DeadLetter.Origin origin = origin(
        JobHeaders.string(h, ConnectErrorHeaders.TOPIC),
        JobHeaders.number(h, ConnectErrorHeaders.PARTITION),
        JobHeaders.number(h, ConnectErrorHeaders.OFFSET));
    return build(r, LetterConvention.CONNECT, headers, dlqTime, schemaId, null, 1, null,
        JobHeaders.string(h, ConnectErrorHeaders.EXCEPTION_CLASS).orElse(null),
        JobHeaders.string(h, ConnectErrorHeaders.EXCEPTION_MESSAGE).orElse(null),
        JobHeaders.string(h, ConnectErrorHeaders.EXCEPTION_STACKTRACE).orElse(null),
        dlqTime, null, origin);
  }

  private static DeadLetter build(
      ConsumerRecord<byte[], byte[]> r, LetterConvention convention, List<DeadLetterHeader> headers,
      Instant dlqTime, Integer schemaId, String jobId, int attempt, DlqReason reason, String errorClass,
      String message, String stack, Instant failedAt, Instant enqueuedAt, DeadLetter.Origin origin) {
    String id = jobId != null ? jobId
        : origin != null ? origin.toString()
        : JobIds.derived(r);
    String replayOf = JobHeaders.string(r.headers(), JobHeaders.REPLAY_OF).orElse(null);
    return new DeadLetter(r.topic(), r.partition(), r.offset(), dlqTime, convention, id, attempt, reason,
        errorClass, message, stack, failedAt, enqueuedAt, origin, replayOf, r.key(), r.value(), headers, schemaId);
  }

  private static DeadLetter.Origin origin(Optional<String> topic, OptionalLong partition, OptionalLong offset) {
    if (topic.isEmpty() || topic.get().isBlank() || partition.isEmpty() || offset.isEmpty()
        || partition.getAsLong() < 0 || partition.getAsLong() > Integer.MAX_VALUE || offset.getAsLong() < 0) {
      return null;
    }
    return new DeadLetter.Origin(topic.get(), (int) partition.getAsLong(), offset.getAsLong());
  }

  private static OptionalLong binary(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? OptionalLong.empty() : HeaderText.bigEndian(header.value());
  }

  /** The schema id of a Confluent wire-format value (magic byte 0, 4-byte id); null for anything else. */
  static Integer schemaId(byte[] value) {
    if (value == null || value.length < 5 || value[0] != 0) {
      return null;
    }
    return ByteBuffer.wrap(value, 1, 4).getInt();
  }
}
