package dev.jobpipe.consumer.internal;

/**
 * Turns a record value into the handler's payload. Throws
 * {@link dev.jobpipe.schemas.serde.UndecodableJobException} for bytes that can never be decoded
 * (poison: the record goes to the DLQ); anything else it throws is treated as an outage of what it
 * depends on (the registry) and retried with backoff, never dead-lettered.
 */
@FunctionalInterface
public interface PayloadDecoder {
  Object decode(byte[] value);
}
