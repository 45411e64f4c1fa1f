package dev.jobpipe.schemas.serde;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value is not a decodable job: bad magic byte, unknown schema id, truncated or corrupt
 * Avro, empty or null value. Poison, not an outage: retrying cannot help, so a worker sends the
 * record to the DLQ with reason UNDECODABLE and goes on.
 *
 * <p>The codec knows only the bytes; the Kafka deserializer adds the topic, and a caller that
 * knows where the record was read attaches partition and offset with {@link #withLocation}, so the
 * message says where the poison lies.
 */
public class UndecodableJobException extends SerializationException {

  /** What exactly is wrong with the bytes. */
  public enum Kind { NULL_VALUE, EMPTY_VALUE, BAD_MAGIC_BYTE, TRUNCATED_HEADER, UNKNOWN_SCHEMA_ID, CORRUPT_AVRO, INCOMPATIBLE_SCHEMA }

  private final Kind kind;
  private final String detail;
  private final String topic;
  private final int partition;
  private final long offset;

  public UndecodableJobException(Kind kind, String message, Throwable cause) {
    this(kind, message, cause, null, -1, -1L);
  }

  private UndecodableJobException(Kind kind, String detail, Throwable cause, String topic, int partition, long offset) {
    super(format(kind, detail, topic, partition, offset), cause);
    this.kind = kind;
    this.detail = detail;
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
  }

  public Kind kind() {
    return kind;
  }

  /** What is wrong, without the location. */
  public String detail() {
    return detail;
  }

  /** The topic the value was read from, when known. */
  public Optional<String> topic() {
    return Optional.ofNullable(topic);
  }

  /** The partition the value was read from, when known. */
  public OptionalInt partition() {
    return partition >= 0 ? OptionalInt.of(partition) : OptionalInt.empty();
  }

  /** The offset of the record, when known. */
  public OptionalLong offset() {
    return offset >= 0 ? OptionalLong.of(offset) : OptionalLong.empty();
  }

  /** The same failure, located in {@code topic} (partition and offset unknown). */
  public UndecodableJobException withTopic(String topic) {
    return relocated(topic, -1, -1L);
  }

  /** The same failure, located at {@code topic}-{@code partition}@{@code offset}. */
  public UndecodableJobException withLocation(String topic, int partition, long offset) {
    return relocated(topic, partition, offset);
  }

  /**
   * The undecodable-job failure in {@code failure}'s cause chain, if any, located with what the
   * chain knows: a consumer's {@link RecordDeserializationException} carries partition and offset.
   */
  public static Optional<UndecodableJobException> find(Throwable failure) {
    RecordDeserializationException located = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RecordDeserializationException rde && located == null) {
        located = rde;
      }
      if (t instanceof UndecodableJobException undecodable) {
        if (located != null) {
          return Optional.of(undecodable.withLocation(located.topicPartition().topic(),
              located.topicPartition().partition(), located.offset()));
        }
        return Optional.of(undecodable);
      }
    }
    return Optional.empty();
  }

  private UndecodableJobException relocated(String topic, int partition, long offset) {
    UndecodableJobException copy = new UndecodableJobException(kind, detail, getCause(), topic, partition, offset);
    copy.setStackTrace(getStackTrace());
    for (Throwable suppressed : getSuppressed()) {
      copy.addSuppressed(suppressed);
    }
    return copy;
  }

  private static String format(Kind kind, String detail, String topic, int partition, long offset) {
    StringBuilder message = new StringBuilder("undecodable job value");
    if (topic != null) {
      message.append(" in ").append(topic);
      if (partition >= 0) {
        message.append('-').append(partition);
      }
      if (offset >= 0) {
        message.append(" at offset ").append(offset);
      }
    }
    return message.append(" (").append(kind).append("): ").append(detail).toString();
  }
}
