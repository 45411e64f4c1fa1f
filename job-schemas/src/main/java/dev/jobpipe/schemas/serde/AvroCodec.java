package dev.jobpipe.schemas.serde;

import dev.jobpipe.schemas.registry.RegistryUnavailableException;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.registry.SchemaRegistryException;
import dev.jobpipe.schemas.registry.UnsupportedSchemaException;
import dev.jobpipe.schemas.serde.UndecodableJobException.Kind;
import dev.jobpipe.schemas.serde.internal.BoundedBinaryDecoder;
import dev.jobpipe.schemas.serde.internal.EncodeBuffer;
import dev.jobpipe.schemas.serde.internal.PayloadMismatch;
import dev.jobpipe.schemas.serde.internal.ReadPlan;
import dev.jobpipe.schemas.serde.internal.ReaderPlans;
import java.io.EOFException;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes job payloads in the Confluent wire format: byte 0 (magic), 4-byte big-endian
 * schema id, Avro binary. The core of the Kafka serdes, usable on raw {@code byte[]} records so a
 * worker keeps the original bytes for failure handoff. Thread-safe.
 *
 * <p>Decoding is on a worker's hot path, so everything that can be decided once is: the writer
 * schema of an id is fetched once, the datum reader of each (writer id, reader schema) pair is built
 * and its compatibility checked once, and the binary decoder is reused per thread. Lengths read
 * from the data are checked against the bytes actually present, so garbage never makes the codec
 * allocate more than the value's own size.
 *
 * <p>Failures: bytes that are not a decodable job raise {@link UndecodableJobException} (poison:
 * dead-letter it); an unreachable registry raises {@link RegistryUnavailableException} (an outage:
 * back off and retry); any other registry error (such as 401) raises {@link SchemaRegistryException}.
 */
public final class AvroCodec {

  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_SIZE = 5;

  private static final ThreadLocal<BoundedBinaryDecoder> DECODERS = ThreadLocal.withInitial(BoundedBinaryDecoder::new);

  private final SchemaRegistryClient registry;
  private final boolean autoRegister;
  /** Plans of {@link #decode(byte[])}: the writer schema as reader. */
  private final ReaderPlans asWritten = new ReaderPlans();
  /** Plans of {@link #decodeSpecific(byte[])}: the generated class named by the writer, if any. */
  private final ReaderPlans specificByWriter = new ReaderPlans();
  /** Plans by reader schema (Schema's hash is cached and equals short-circuits on identity). */
  private final ConcurrentHashMap<Schema, ReaderPlans> byReaderSchema = new ConcurrentHashMap<>();
  /** Plans by generated class, found without hashing a schema. */
  private final ClassValue<ReaderPlans> byReaderClass = new ClassValue<>() {
    @Override
    protected ReaderPlans computeValue(Class<?> type) {
      return new ReaderPlans();
    }
  };
  /** Writers by schema and then subject. */
  private final ConcurrentHashMap<Schema, ConcurrentHashMap<String, WritePlan>> writePlans = new ConcurrentHashMap<>();

  /**
   * @param autoRegister register the writer schema under the subject on first use (publisher
   *     side); when false the schema must already be registered there.
   */
  public AvroCodec(SchemaRegistryClient registry, boolean autoRegister) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.autoRegister = autoRegister;
  }

  /** The registry client this codec resolves ids with. */
  public SchemaRegistryClient registry() {
    return registry;
  }

  /**
   * Encodes a {@link SpecificRecord} or {@link org.apache.avro.generic.GenericRecord} under
   * {@code subject} (e.g. {@code jobs.email.send-value}). A payload that does not fit its schema
   * throws {@link IllegalArgumentException} naming the field.
   *
   * @throws SchemaRegistryException when the schema is rejected (incompatible) or, without
   *     auto-registration, not registered under {@code subject}
   * @throws RegistryUnavailableException when the registry cannot be reached
   */
  public byte[] encode(String subject, Object record) {
    Objects.requireNonNull(subject, "subject");
    if (!(record instanceof GenericContainer container)) {
      throw new IllegalArgumentException("payload for subject '" + subject + "' is not an Avro record: "
          + (record == null ? "null" : record.getClass().getName()));
    }
    Schema schema = container.getSchema();
    WritePlan plan = writePlan(subject, schema);
    EncodeBuffer buffer = EncodeBuffer.acquire();
    try {
      buffer.write(MAGIC_BYTE);
      buffer.writeIntBigEndian(plan.id());
      BinaryEncoder encoder = buffer.encoder();
      plan.writer().write(record, encoder);
      encoder.flush();
      return buffer.toByteArray();
    } catch (NullPointerException | ClassCastException | AvroRuntimeException | IndexOutOfBoundsException e) {
      buffer.release();
      throw new IllegalArgumentException(PayloadMismatch.describe(schema, record, plan.data(), e), e);
    } catch (IOException e) {
      buffer.release();
      throw new IllegalStateException("writing to an in-memory buffer failed", e);
    }
  }

  /** Decodes with the writer schema: a {@link org.apache.avro.generic.GenericRecord}. */
  public DecodedPayload decode(byte[] data) {
    int id = schemaId(data);
    ReadPlan plan = asWritten.get(id, writerId -> ReadPlan.asWritten(writerId, writerSchema(writerId)));
    return new DecodedPayload(id, plan.writerSchema(), read(plan, data));
  }

  /**
   * Decodes resolving writer vs reader schema (schema evolution); with a specific class's schema the
   * value is an instance of that class.
   */
  public DecodedPayload decode(byte[] data, Schema readerSchema) {
    Objects.requireNonNull(readerSchema, "readerSchema");
    int id = schemaId(data);
    ReaderPlans plans = byReaderSchema.computeIfAbsent(readerSchema, s -> new ReaderPlans());
    ReadPlan plan = plans.get(id, writerId ->
        ReadPlan.resolving(writerId, writerSchema(writerId), readerSchema, specificDataFor(readerSchema)));
    return new DecodedPayload(id, plan.writerSchema(), read(plan, data));
  }

  /** Decodes into {@code type}, resolving the writer schema against the class's schema. */
  public <T extends SpecificRecord> T decode(byte[] data, Class<T> type) {
    Objects.requireNonNull(type, "type");
    int id = schemaId(data);
    ReadPlan plan = byReaderClass.get(type).get(id, writerId -> {
      SpecificData specificData = SpecificData.getForClass(type);
      return ReadPlan.resolving(writerId, writerSchema(writerId), specificData.getSchema(type), specificData);
    });
    return type.cast(read(plan, data));
  }

  /**
   * Decodes into the generated class that the writer schema names, resolving the writer schema
   * against the class's own; a generic record when no such class is on the classpath. What
   * Confluent's deserializer does with {@code specific.avro.reader=true}.
   */
  public DecodedPayload decodeSpecific(byte[] data) {
    int id = schemaId(data);
    ReadPlan plan = specificByWriter.get(id, writerId -> {
      Schema writer = writerSchema(writerId);
      Class<?> type = writer.getType() == Schema.Type.RECORD ? SpecificData.get().getClass(writer) : null;
      if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
        return ReadPlan.asWritten(writerId, writer);
      }
      SpecificData specificData = SpecificData.getForClass(type);
      return ReadPlan.resolving(writerId, writer, specificData.getSchema(type), specificData);
    });
    return new DecodedPayload(id, plan.writerSchema(), read(plan, data));
  }

  /** The schema id in a wire-format value; {@link UndecodableJobException} when the header is bad. */
  public static int schemaId(byte[] data) {
    if (data == null) {
      throw new UndecodableJobException(Kind.NULL_VALUE, "the value is null", null);
    }
    if (data.length == 0) {
      throw new UndecodableJobException(Kind.EMPTY_VALUE, "the value is empty", null);
    }
    if (data[0] != MAGIC_BYTE) {
      throw new UndecodableJobException(Kind.BAD_MAGIC_BYTE, String.format(
          "first byte is 0x%02x, not the magic byte 0x00 of the Confluent wire format", data[0] & 0xff), null);
    }
    if (data.length < HEADER_SIZE) {
      throw new UndecodableJobException(Kind.TRUNCATED_HEADER,
          "the value has " + data.length + " byte(s), fewer than the " + HEADER_SIZE + "-byte header", null);
    }
    return (data[1] & 0xff) << 24 | (data[2] & 0xff) << 16 | (data[3] & 0xff) << 8 | (data[4] & 0xff);
  }

  private Object read(ReadPlan plan, byte[] data) {
    if (plan.incompatibility() != null) {
      throw new UndecodableJobException(Kind.INCOMPATIBLE_SCHEMA, plan.incompatibility(), null);
    }
    BoundedBinaryDecoder decoder = DECODERS.get().configure(data, HEADER_SIZE, data.length - HEADER_SIZE);
    try {
      Object value = plan.reader().read(null, decoder);
      if (!decoder.isEnd()) {
        throw new UndecodableJobException(Kind.CORRUPT_AVRO, decoder.remaining()
            + " byte(s) left over after a complete " + plan.writerSchema().getFullName() + " (schema id "
            + plan.writerId() + ")", null);
      }
      return value;
    } catch (EOFException e) {
      throw new UndecodableJobException(Kind.CORRUPT_AVRO, "truncated Avro data for "
          + plan.writerSchema().getFullName() + " (schema id " + plan.writerId() + "): " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof UndecodableJobException undecodable) {
        throw undecodable;
      }
      throw new UndecodableJobException(Kind.CORRUPT_AVRO, "corrupt Avro data for "
          + plan.writerSchema().getFullName() + " (schema id " + plan.writerId() + "): " + e, e);
    } finally {
      decoder.clear();
    }
  }

  private Schema writerSchema(int id) {
    if (id < 0) {
      throw new UndecodableJobException(Kind.UNKNOWN_SCHEMA_ID, "schema id " + id + " is negative", null);
    }
    try {
      return registry.schemaById(id);
    } catch (UnsupportedSchemaException e) {
      throw new UndecodableJobException(Kind.INCOMPATIBLE_SCHEMA, e.getMessage(), e);
    } catch (SchemaRegistryException e) {
      if (e.httpStatus() == 404) {
        throw new UndecodableJobException(Kind.UNKNOWN_SCHEMA_ID, e.getMessage(), e);
      }
      throw e;
    }
  }

  private WritePlan writePlan(String subject, Schema schema) {
    ConcurrentHashMap<String, WritePlan> bySubject = writePlans.computeIfAbsent(schema, s -> new ConcurrentHashMap<>());
    WritePlan plan = bySubject.get(subject);
    if (plan == null) {
      int id = autoRegister
          ? registry.register(subject, schema)
          : registry.lookup(subject, schema).orElseThrow(() -> new SchemaRegistryException(
              "schema " + schema.getFullName() + " is not registered under subject '" + subject
                  + "' and auto-registration is off", 404, 40403));
      // SpecificData writes generic records too, and knows the generated class's conversions
      SpecificData data = SpecificData.getForSchema(schema);
      plan = new WritePlan(id, new SpecificDatumWriter<>(schema, data), data);
      WritePlan raced = bySubject.putIfAbsent(subject, plan);
      if (raced != null) {
        plan = raced;
      }
    }
    return plan;
  }

  /** The generated class's data model when {@code readerSchema} is exactly that class's schema. */
  private static SpecificData specificDataFor(Schema readerSchema) {
    if (readerSchema.getType() != Schema.Type.RECORD) {
      return null;
    }
    Class<?> type = SpecificData.get().getClass(readerSchema);
    if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
      return null;
    }
    SpecificData data = SpecificData.getForClass(type);
    return readerSchema.equals(data.getSchema(type)) ? data : null;
  }

  private record WritePlan(int id, DatumWriter<Object> writer, GenericData data) {}
}
