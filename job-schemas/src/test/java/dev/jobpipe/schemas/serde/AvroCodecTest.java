package dev.jobpipe.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.jobs.ImageFormat;
import dev.jobpipe.schemas.jobs.ImageResize;
import dev.jobpipe.schemas.registry.RegistryUnavailableException;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import dev.jobpipe.schemas.registry.SchemaRegistryException;
import dev.jobpipe.schemas.serde.UndecodableJobException.Kind;
import dev.jobpipe.schemas.testing.FakeRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroCodecTest {
  private static final String SUBJECT = "jobs.email.send-value";

  private final FakeRegistry fake = FakeRegistry.start();
  private final SchemaRegistryClient client = SchemaRegistryClient.create(Map.of(
      SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, fake.url(),
      SchemaRegistryConfig.RETRIES_CONFIG, 1,
      SchemaRegistryConfig.RETRY_BACKOFF_MS_CONFIG, 1,
      SchemaRegistryConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 1));
  private final AvroCodec codec = new AvroCodec(client, true);

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  static EmailSend email() {
    return EmailSend.newBuilder().setTo("ada@example.com").setSubject("hi").setBody("hello").build();
  }

  @Test
  void specificRecordRoundTripsInTheConfluentWireFormat() {
    byte[] bytes = codec.encode(SUBJECT, email());

    assertThat(bytes[0]).isEqualTo(AvroCodec.MAGIC_BYTE);
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    assertThat(AvroCodec.schemaId(bytes)).isEqualTo(id);
    assertThat(fake.count("POST /subjects/jobs.email.send-value/versions")).isEqualTo(1);
    assertThat(codec.decode(bytes, EmailSend.class)).isEqualTo(email());
    DecodedPayload asWritten = codec.decode(bytes);
    assertThat(asWritten.schemaId()).isEqualTo(id);
    assertThat(asWritten.value()).isInstanceOf(GenericRecord.class);
    assertThat(((GenericRecord) asWritten.value()).get("to").toString()).isEqualTo("ada@example.com");
    assertThat(codec.decode(bytes, EmailSend.getClassSchema()).value()).isEqualTo(email());
    assertThat(codec.decodeSpecific(bytes).value()).isEqualTo(email());
  }

  @Test
  void genericRecordRoundTrips() {
    Schema schema = SchemaBuilder.record("Thumbnail").namespace("test.generic").fields()
        .requiredString("url").requiredInt("size").optionalLong("deadline").endRecord();
    GenericRecord record = new GenericRecordBuilder(schema).set("url", "s3://x").set("size", 64).build();

    byte[] bytes = codec.encode("jobs.thumb-value", record);

    GenericRecord decoded = (GenericRecord) codec.decode(bytes).value();
    assertThat(decoded.get("url").toString()).isEqualTo("s3://x");
    assertThat(decoded.get("size")).isEqualTo(64);
    assertThat(decoded.get("deadline")).isNull();
    assertThat(codec.decodeSpecific(bytes).value()).isInstanceOf(GenericData.Record.class);
  }

  @Test
  void encodingTwiceRegistersOnceAndDecodingFetchesTheSchemaOnce() {
    byte[] first = codec.encode(SUBJECT, email());
    codec.encode(SUBJECT, email());
    AvroCodec reader = new AvroCodec(client, false);
    for (int i = 0; i < 10; i++) {
      reader.decode(first, EmailSend.class);
      reader.decode(first);
    }
    AvroCodec otherReader = new AvroCodec(SchemaRegistryClient.create(fake.url()), false);
    otherReader.decode(first, EmailSend.class);
    otherReader.decode(first, EmailSend.class);

    assertThat(fake.count("POST /subjects/jobs.email.send-value/versions")).isEqualTo(1);
    // the registering client learned the schema of its id when it registered it
    assertThat(fake.count("GET /schemas/ids/")).isEqualTo(1);
  }

  @Test
  void olderWriterIsReadWithNewerReaderSchema() {
    Schema v1 = SchemaBuilder.record("EmailSend").namespace("dev.jobpipe.schemas.jobs").fields()
        .requiredString("to").requiredString("subject").requiredString("body").endRecord();
    GenericRecord old = new GenericRecordBuilder(v1).set("to", "a@b").set("subject", "s").set("body", "b").build();
    byte[] bytes = codec.encode("jobs.evolve-value", old);

    EmailSend decoded = codec.decode(bytes, EmailSend.class);

    assertThat(decoded.getTo()).isEqualTo("a@b");
    assertThat(decoded.getTemplate()).isNull();
  }

  @Test
  void newerWriterIsReadWithOlderReaderSchemaSkippingTheNewField() throws Exception {
    Schema v1 = new Schema.Parser().parse(Path.of("../example-jobs/src/main/avro-history/EmailSend/v1.avsc").toFile());
    EmailSend v2 = EmailSend.newBuilder(email()).setReplyTo("reply@example.com").setTemplate("welcome").build();
    byte[] bytes = codec.encode(SUBJECT, v2);

    GenericRecord decoded = (GenericRecord) codec.decode(bytes, v1).value();

    assertThat(decoded.getSchema().getField("replyTo")).isNull();
    assertThat(decoded.get("template").toString()).isEqualTo("welcome");
    assertThat(decoded.get("body").toString()).isEqualTo("hello");
  }

  @Test
  void concurrentDecodersShareThePlansAndGetTheirOwnValues() throws Exception {
    Schema v1 = new Schema.Parser().parse(Path.of("../example-jobs/src/main/avro-history/EmailSend/v1.avsc").toFile());
    List<byte[]> values = new ArrayList<>();
    List<EmailSend> expected = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      EmailSend email = EmailSend.newBuilder(email()).setBody("body " + i + " " + "x".repeat(i * 50)).build();
      expected.add(email);
      values.add(codec.encode(SUBJECT, email));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int mine = t;
        results.add(pool.submit(() -> {
          int checked = 0;
          for (int i = 0; i < 2_000; i++) {
            int k = (mine + i) % 4;
            assertThat(codec.decode(values.get(k), EmailSend.class)).isEqualTo(expected.get(k));
            assertThat(((GenericRecord) codec.decode(values.get(k), v1).value()).get("body").toString())
                .isEqualTo(expected.get(k).getBody());
            checked++;
          }
          return checked;
        }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(2_000);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nullValueIsUndecodable() {
    assertKind(null, Kind.NULL_VALUE);
  }

  @Test
  void emptyValueIsUndecodable() {
    assertKind(new byte[0], Kind.EMPTY_VALUE);
  }

  @Test
  void badMagicByteIsUndecodable() {
    assertKind("{\"to\":\"x\"}".getBytes(), Kind.BAD_MAGIC_BYTE);
  }

  @Test
  void shortHeaderIsUndecodable() {
    assertKind(new byte[] {0, 0, 1}, Kind.TRUNCATED_HEADER);
  }

  @Test
  void unknownSchemaIdIsUndecodable() {
    assertThatThrownBy(() -> codec.decode(new byte[] {0, 0, 0, 0x30, 0x39, 2, 'a'}))
        .isInstanceOfSatisfying(UndecodableJobException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_SCHEMA_ID);
          assertThat(e.getMessage()).contains("12345");
        });
  }

  @Test
  void negativeSchemaIdIsUnknownWithoutAskingTheRegistry() {
    assertKind(new byte[] {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 2}, Kind.UNKNOWN_SCHEMA_ID);
    assertThat(fake.count("GET /schemas/ids/")).isZero();
  }

  @Test
  void truncatedAvroIsUndecodable() {
    byte[] bytes = codec.encode(SUBJECT, email());
    assertKind(Arrays.copyOf(bytes, bytes.length - 3), Kind.CORRUPT_AVRO);
    assertKind(Arrays.copyOf(bytes, AvroCodec.HEADER_SIZE), Kind.CORRUPT_AVRO);
  }

  @Test
  void trailingGarbageIsUndecodable() {
    byte[] bytes = codec.encode(SUBJECT, email());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);
    assertThatThrownBy(() -> codec.decode(longer, EmailSend.class))
        .isInstanceOfSatisfying(UndecodableJobException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.CORRUPT_AVRO);
          assertThat(e.getMessage()).contains("2 byte(s) left over");
        });
  }

  @Test
  void absurdStringLengthIsRejectedWithoutAllocatingIt() {
    byte[] bytes = codec.encode(SUBJECT, email());
    byte[] absurd = new byte[AvroCodec.HEADER_SIZE + 5];
    System.arraycopy(bytes, 0, absurd, 0, AvroCodec.HEADER_SIZE);
    // zig-zag varint of 2^31 - 1: a 2 GiB string length
    byte[] length = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
    System.arraycopy(length, 0, absurd, AvroCodec.HEADER_SIZE, 5);
    assertThatThrownBy(() -> codec.decode(absurd, EmailSend.class))
        .isInstanceOfSatisfying(UndecodableJobException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.CORRUPT_AVRO);
          assertThat(e.getMessage()).contains("exceeds");
        });
  }

  @Test
  void megabyteOfGarbageAfterAValidHeaderIsUndecodableForEverySchema() {
    int emailId = AvroCodec.schemaId(codec.encode(SUBJECT, email()));
    ImageResize image = ImageResize.newBuilder().setImageUrl("u").setWidth(1).setHeight(2).setFormat(ImageFormat.PNG).build();
    int imageId = AvroCodec.schemaId(codec.encode("jobs.image.resize-value", image));
    Schema collections = SchemaBuilder.record("Collections").namespace("test.generic").fields()
        .name("tags").type().array().items().stringType().noDefault()
        .name("attrs").type().map().values().bytesType().noDefault()
        .name("nulls").type().array().items().nullType().noDefault().endRecord();
    int collectionsId = fake.preload("jobs.coll-value", collections);
    Random random = new Random(42);
    for (int id : new int[] {emailId, imageId, collectionsId}) {
      for (int round = 0; round < 20; round++) {
        byte[] garbage = new byte[1 << 20];
        random.nextBytes(garbage);
        garbage[0] = 0;
        ByteBuffer.wrap(garbage, 1, 4).putInt(id);
        assertThatThrownBy(() -> codec.decode(garbage))
            .isInstanceOfSatisfying(UndecodableJobException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPT_AVRO));
      }
    }
  }

  @Test
  void writerThatTheReaderCannotResolveIsIncompatible() {
    ImageResize image = ImageResize.newBuilder().setImageUrl("u").setWidth(1).setHeight(2).build();
    byte[] bytes = codec.encode("jobs.image.resize-value", image);

    assertThatThrownBy(() -> codec.decode(bytes, EmailSend.class))
        .isInstanceOfSatisfying(UndecodableJobException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.INCOMPATIBLE_SCHEMA);
          assertThat(e.getMessage()).contains("ImageResize").contains("EmailSend");
        });
    // cached: the second failure does not fetch the writer again
    long fetches = fake.count("GET /schemas/ids/");
    assertThatThrownBy(() -> codec.decode(bytes, EmailSend.class)).isInstanceOf(UndecodableJobException.class);
    assertThat(fake.count("GET /schemas/ids/")).isEqualTo(fetches);
  }

  @Test
  void nonAvroWriterSchemaIsIncompatible() {
    int id = fake.preloadOfType("jobs.proto-value", "syntax = \"proto3\"; message M {}", "PROTOBUF");
    byte[] bytes = {0, 0, 0, 0, (byte) id, 0};
    assertKind(bytes, Kind.INCOMPATIBLE_SCHEMA);
  }

  @Test
  void unreachableRegistryIsAnOutageNotPoison() {
    byte[] bytes = codec.encode(SUBJECT, email());
    AvroCodec fresh = new AvroCodec(SchemaRegistryClient.create(Map.of(
        SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, fake.url(),
        SchemaRegistryConfig.RETRIES_CONFIG, 0)), false);
    fake.failNext(10, 503);

    assertThatThrownBy(() -> fresh.decode(bytes, EmailSend.class))
        .isInstanceOf(RegistryUnavailableException.class)
        .isNotInstanceOf(UndecodableJobException.class);
  }

  @Test
  void otherRegistryErrorsAreNeitherPoisonNorOutage() {
    byte[] bytes = codec.encode(SUBJECT, email());
    AvroCodec fresh = new AvroCodec(SchemaRegistryClient.create(fake.url()), false);
    fake.failNext(10, 401);

    assertThatThrownBy(() -> fresh.decode(bytes))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
  }

  @Test
  void payloadThatDoesNotFitItsSchemaNamesTheField() {
    Schema schema = SchemaBuilder.record("Invoice").namespace("test.generic").fields()
        .requiredString("customer").requiredInt("cents").endRecord();
    GenericData.Record record = new GenericData.Record(schema);
    record.put("customer", "acme");
    record.put("cents", "twelve");

    assertThatThrownBy(() -> codec.encode("jobs.invoice-value", record))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Invoice.cents'")
        .hasMessageContaining("int");
  }

  @Test
  void missingRequiredValueNamesTheNestedField() {
    Schema address = SchemaBuilder.record("Address").fields().requiredString("city").endRecord();
    Schema schema = SchemaBuilder.record("Customer").namespace("test.generic").fields()
        .requiredString("name").name("address").type(address).noDefault().endRecord();
    GenericData.Record record = new GenericData.Record(schema);
    record.put("name", "acme");
    record.put("address", new GenericData.Record(address));

    assertThatThrownBy(() -> codec.encode("jobs.customer-value", record))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Customer.address.city'")
        .hasMessageContaining("null");
  }

  @Test
  void nonRecordPayloadIsRejected() {
    assertThatThrownBy(() -> codec.encode(SUBJECT, "just a string"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an Avro record");
  }

  @Test
  void withoutAutoRegistrationAnUnregisteredSchemaIsAnError() {
    AvroCodec strict = new AvroCodec(client, false);
    assertThatThrownBy(() -> strict.encode(SUBJECT, email()))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.getMessage())
            .contains("not registered under subject 'jobs.email.send-value'"));
    fake.preload(SUBJECT, EmailSend.getClassSchema());
    assertThat(strict.decode(strict.encode(SUBJECT, email()), EmailSend.class)).isEqualTo(email());
  }

  private void assertKind(byte[] bytes, Kind kind) {
    assertThatThrownBy(() -> codec.decode(bytes, EmailSend.class))
        .isInstanceOfSatisfying(UndecodableJobException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOfSatisfying(UndecodableJobException.class, e -> assertThat(e.kind()).isEqualTo(kind));
  }
}
