package dev.jobpipe.schemas.serde;

import org.apache.avro.Schema;

/** A decoded value with the id and schema it was written with. */
public record DecodedPayload(int schemaId, Schema writerSchema, Object value) {}
