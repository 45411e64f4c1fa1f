package dev.jobpipe.schemas.serde;

import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes job payloads in the Confluent wire format: byte 0 (magic), 4-byte big-endian
 * schema id, Avro binary. The core of the Kafka serdes, usable on raw {@code byte[]} records so a
 * worker keeps the original bytes for failure handoff. Thread-safe.
 */
public final class AvroCodec {

  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_SIZE = 5;

  /**
   * @param autoRegister register the writer schema under the subject on first use (publisher
   *     side); when false the schema must already be registered there.
   */
  public AvroCodec(SchemaRegistryClient registry, boolean autoRegister) {
    throw new UnsupportedOperationException("pending: job-schemas codec");
  }

  /**
   * Encodes a {@link SpecificRecord} or {@link org.apache.avro.generic.GenericRecord} under
   * {@code subject} (e.g. {@code jobs.email.send-value}). A payload that does not fit its schema
   * throws {@link IllegalArgumentException} naming the field.
   */
  public byte[] encode(String subject, Object record) {
    throw new UnsupportedOperationException("pending");
  }

  /** Decodes with the writer schema: a {@link org.apache.avro.generic.GenericRecord}. */
  public DecodedPayload decode(byte[] data) {
    throw new UnsupportedOperationException("pending");
  }

  /**
   * Decodes resolving writer vs reader schema (schema evolution); with a specific class's schema the
   * value is an instance of that class.
   */
  public DecodedPayload decode(byte[] data, Schema readerSchema) {
    throw new UnsupportedOperationException("pending");
  }

  /** Decodes into {@code type}, resolving the writer schema against the class's schema. */
  public <T extends SpecificRecord> T decode(byte[] data, Class<T> type) {
    throw new UnsupportedOperationException("pending");
  }

  /** The schema id in a wire-format value; {@link UndecodableJobException} when the header is bad. */
  public static int schemaId(byte[] data) {
    throw new UnsupportedOperationException("pending");
  }
}
