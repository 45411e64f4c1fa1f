package dev.jobpipe.consumer.internal;

import dev.jobpipe.schemas.serde.AvroCodec;
import dev.jobpipe.schemas.serde.UndecodableJobException;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decodes Confluent wire-format Avro with {@link AvroCodec}: into the handler's generated class
 * when it declares one (resolving the writer's schema against it), else into a
 * {@link org.apache.avro.generic.GenericRecord} with the writer's schema.
 */
public final class AvroPayloadDecoder implements PayloadDecoder {

  private final AvroCodec codec;
  private final Class<? extends SpecificRecord> specificType;

  /** @param specificType the generated class to decode into, or null for generic records */
  public AvroPayloadDecoder(AvroCodec codec, Class<? extends SpecificRecord> specificType) {
    this.codec = codec;
    this.specificType = specificType;
  }

  @Override
  public Object decode(byte[] value) {
    if (value == null) {
      throw new UndecodableJobException(UndecodableJobException.Kind.NULL_VALUE, "record value is null", null);
    }
    if (specificType == null) {
      return codec.decode(value).value();
    }
    try {
      return codec.decode(value, specificType);
    } catch (ClassCastException e) {
      // The codec produced another class than the handler's: the worker's fault, not the job's nor
      // the handler's. Thrown as an outage (the worker backs off and retries), never a dead letter.
      throw new IllegalStateException("decoding did not produce the handler's payload type "
          + specificType.getName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "AvroPayloadDecoder[" + (specificType == null ? "generic" : specificType.getName()) + "]";
  }
}
