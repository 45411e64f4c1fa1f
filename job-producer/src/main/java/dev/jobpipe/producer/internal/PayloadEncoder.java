package dev.jobpipe.producer.internal;

import org.apache.avro.generic.IndexedRecord;

/**
 * Turns a payload into the record value of the wire format. The publisher's only view of the
 * registry and Avro, so that its failure paths are unit-tested without either.
 */
@FunctionalInterface
public interface PayloadEncoder {

  /**
   * The value bytes for {@code payload} under {@code subject}. Throws
   * {@link IllegalArgumentException} (or an Avro exception) when the payload does not fit its schema,
   * {@link dev.jobpipe.schemas.registry.RegistryUnavailableException} when the registry is down and
   * {@link dev.jobpipe.schemas.registry.SchemaRegistryException} when it refuses the schema.
   */
  byte[] encode(String subject, IndexedRecord payload);
}
