package dev.jobpipe.schemas.registry;

import org.apache.kafka.common.KafkaException;

/**
 * The registry answered with a client error (4xx): unknown subject or id, incompatible schema,
 * invalid schema. Retrying the same request cannot help. The message names the subject (or id)
 * and carries the registry's own message.
 */
public class SchemaRegistryException extends KafkaException {
  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** HTTP status of the registry's answer, e.g. 404 or 409. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Confluent error code from the body, e.g. 40401 (subject not found), 40403 (schema not found), 409 (incompatible); -1 if none. */
  public int errorCode() {
    return errorCode;
  }
}
