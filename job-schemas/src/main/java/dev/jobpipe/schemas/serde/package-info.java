/**
 * Job payloads on the wire: the Confluent format (magic byte 0, 4-byte big-endian schema id, Avro
 * binary) that any Confluent-compatible client in any language can produce.
 * {@link dev.jobpipe.schemas.serde.AvroCodec} encodes and decodes raw values, resolving the
 * writer's schema against the reader's (schema evolution); {@link
 * dev.jobpipe.schemas.serde.JobAvroSerializer} and {@link dev.jobpipe.schemas.serde.JobAvroDeserializer}
 * adapt it to Kafka clients. A value that can never be decoded raises {@link
 * dev.jobpipe.schemas.serde.UndecodableJobException} (poison: dead-letter it), which is kept
 * apart from a registry outage (retriable: back off) so a worker never dead-letters good jobs
 * because the registry is down.
 */
package dev.jobpipe.schemas.serde;
