package dev.jobpipe.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value is not a decodable job: bad magic byte, unknown schema id, truncated or corrupt
 * Avro, empty or null value. Poison, not an outage: retrying cannot help, so a worker sends the
 * record to the DLQ with reason UNDECODABLE and goes on.
 */
public class UndecodableJobException extends SerializationException {

  /** What exactly is wrong with the bytes. */
  public enum Kind { NULL_VALUE, EMPTY_VALUE, BAD_MAGIC_BYTE, TRUNCATED_HEADER, UNKNOWN_SCHEMA_ID, CORRUPT_AVRO, INCOMPATIBLE_SCHEMA }

  private final Kind kind;

  public UndecodableJobException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
