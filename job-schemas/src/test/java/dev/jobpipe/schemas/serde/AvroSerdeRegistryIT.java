package dev.jobpipe.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.compat.CompatibilityMode;
import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.registry.CompatibilityResult;
import dev.jobpipe.schemas.registry.RegistryUnavailableException;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import dev.jobpipe.schemas.registry.SchemaRegistryException;
import dev.jobpipe.schemas.serde.UndecodableJobException.Kind;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry client and codec against the real Apicurio registry of the test stack. */
@ExtendWith(JobpipeStackExtension.class)
class AvroSerdeRegistryIT {
  private static final Schema THING_V1 = SchemaBuilder.record("Thing").namespace("it.generic").fields()
      .requiredString("name").endRecord();
  private static final Schema THING_BREAKING = SchemaBuilder.record("Thing").namespace("it.generic").fields()
      .requiredString("name").requiredInt("size").endRecord();

  private final JobpipeStack stack;
  private final String subject = "jobs.it-" + UUID.randomUUID().toString().substring(0, 8) + "-value";
  private SchemaRegistryClient client;
  private AvroCodec codec;

  AvroSerdeRegistryIT(JobpipeStack stack) {
    this.stack = stack;
  }

  @BeforeEach
  void setUp() {
    client = newClient(stack.registryUrl());
    codec = new AvroCodec(client, true);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private static SchemaRegistryClient newClient(String url) {
    return SchemaRegistryClient.create(Map.of(
        SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, url,
        SchemaRegistryConfig.CONNECT_TIMEOUT_MS_CONFIG, 1_000,
        SchemaRegistryConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        SchemaRegistryConfig.RETRIES_CONFIG, 1,
        SchemaRegistryConfig.RETRY_BACKOFF_MS_CONFIG, 10,
        SchemaRegistryConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 10));
  }

  private static EmailSend email() {
    return EmailSend.newBuilder().setTo("ada@example.com").setSubject("hi").setBody("hello").build();
  }

  @Test
  void specificRecordRoundTripsThroughApicurio() {
    byte[] bytes = codec.encode(subject, email());

    try (SchemaRegistryClient other = newClient(stack.registryUrl())) {
      AvroCodec reader = new AvroCodec(other, false);
      assertThat(reader.decode(bytes, EmailSend.class)).isEqualTo(email());
      assertThat(reader.decodeSpecific(bytes).value()).isEqualTo(email());
      DecodedPayload generic = reader.decode(bytes);
      assertThat(generic.writerSchema()).isEqualTo(EmailSend.getClassSchema());
      assertThat(((GenericRecord) generic.value()).get("to").toString()).isEqualTo("ada@example.com");
      assertThat(other.lookup(subject, EmailSend.getClassSchema())).contains(AvroCodec.schemaId(bytes));
    }
    assertThat(codec.encode(subject, email())).isEqualTo(bytes);
    assertThat(client.latest(subject).id()).isEqualTo(AvroCodec.schemaId(bytes));
  }

  @Test
  void genericRecordRoundTripsThroughApicurio() {
    GenericRecord record = new GenericRecordBuilder(THING_V1).set("name", "widget").build();

    byte[] bytes = codec.encode(subject, record);

    try (SchemaRegistryClient other = newClient(stack.registryUrl())) {
      GenericRecord decoded = (GenericRecord) new AvroCodec(other, false).decode(bytes).value();
      assertThat(decoded.get("name").toString()).isEqualTo("widget");
      assertThat(decoded.getSchema()).isEqualTo(THING_V1);
    }
  }

  @Test
  void dataWrittenWithV1IsReadWithV2AndTheOtherWayRound() throws Exception {
    Schema v1 = new Schema.Parser().parse(Path.of("../example-jobs/src/main/avro-history/EmailSend/v1.avsc").toFile());
    client.setCompatibility(subject, CompatibilityMode.FULL_TRANSITIVE);
    GenericRecord old = new GenericRecordBuilder(v1).set("to", "a@b").set("subject", "s").set("body", "b")
        .set("template", "welcome").build();
    byte[] written = codec.encode(subject, old);
    byte[] newer = codec.encode(subject, EmailSend.newBuilder(email()).setReplyTo("r@b").build());

    try (SchemaRegistryClient other = newClient(stack.registryUrl())) {
      AvroCodec reader = new AvroCodec(other, false);
      EmailSend upgraded = reader.decode(written, EmailSend.class);
      assertThat(upgraded.getTemplate()).isEqualTo("welcome");
      assertThat(upgraded.getReplyTo()).isNull();
      GenericRecord downgraded = (GenericRecord) reader.decode(newer, v1).value();
      assertThat(downgraded.get("to").toString()).isEqualTo("ada@example.com");
      assertThat(downgraded.getSchema().getField("replyTo")).isNull();
    }
    assertThat(AvroCodec.schemaId(written)).isNotEqualTo(AvroCodec.schemaId(newer));
  }

  @Test
  void everyUndecodableValueIsTold() {
    byte[] valid = codec.encode(subject, email());
    byte[] unknownId = Arrays.copyOf(valid, valid.length);
    ByteBuffer.wrap(unknownId, 1, 4).putInt(Integer.MAX_VALUE - 7);
    byte[] garbage = new byte[1 << 20];
    new Random(7).nextBytes(garbage);
    System.arraycopy(valid, 0, garbage, 0, AvroCodec.HEADER_SIZE);

    assertKind(null, Kind.NULL_VALUE);
    assertKind(new byte[0], Kind.EMPTY_VALUE);
    assertKind("{\"to\": \"x\"}".getBytes(), Kind.BAD_MAGIC_BYTE);
    assertKind(new byte[] {0, 0, 0}, Kind.TRUNCATED_HEADER);
    assertKind(unknownId, Kind.UNKNOWN_SCHEMA_ID);
    assertKind(Arrays.copyOf(valid, valid.length - 4), Kind.CORRUPT_AVRO);
    assertKind(Arrays.copyOf(valid, valid.length + 3), Kind.CORRUPT_AVRO);
    assertKind(garbage, Kind.CORRUPT_AVRO);
    byte[] otherType = codec.encode(subject.replace("-value", "-thing-value"),
        new GenericRecordBuilder(THING_V1).set("name", "x").build());
    assertThatThrownBy(() -> codec.decode(otherType, EmailSend.class))
        .isInstanceOfSatisfying(UndecodableJobException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INCOMPATIBLE_SCHEMA));
  }

  @Test
  void registryOutageIsToldApartFromPoison() {
    byte[] valid = codec.encode(subject, email());
    byte[] unknownId = Arrays.copyOf(valid, valid.length);
    ByteBuffer.wrap(unknownId, 1, 4).putInt(Integer.MAX_VALUE - 11);
    try (SchemaRegistryClient cold = newClient(stack.registryUrl())) {
      AvroCodec reader = new AvroCodec(cold, false);
      stack.cutRegistry();
      try {
        assertThatThrownBy(() -> reader.decode(valid, EmailSend.class))
            .isInstanceOf(RegistryUnavailableException.class)
            .hasMessageContaining(stack.registryUrl());
        // an id the registry may or may not know is an outage while it cannot be asked
        assertThatThrownBy(() -> reader.decode(unknownId, EmailSend.class))
            .isInstanceOf(RegistryUnavailableException.class);
        // poison the header already tells is poison without the registry
        assertThatThrownBy(() -> reader.decode(new byte[] {1, 2, 3, 4, 5, 6}, EmailSend.class))
            .isInstanceOf(UndecodableJobException.class);
        // what the codec already knows needs no registry
        assertThat(codec.decode(valid, EmailSend.class)).isEqualTo(email());
      } finally {
        stack.restoreRegistry();
      }
      assertThat(reader.decode(valid, EmailSend.class)).isEqualTo(email());
      assertThatThrownBy(() -> reader.decode(unknownId, EmailSend.class))
          .isInstanceOfSatisfying(UndecodableJobException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_SCHEMA_ID));
    }
  }

  @Test
  void incompatibleSchemaIsRejectedNamingTheSubject() {
    client.setCompatibility(subject, CompatibilityMode.BACKWARD);
    client.register(subject, THING_V1);

    CompatibilityResult verdict = client.testCompatibility(subject, THING_BREAKING);
    assertThat(verdict.compatible()).isFalse();
    assertThat(client.testCompatibility(subject, THING_V1).compatible()).isTrue();
    assertThatThrownBy(() -> client.register(subject, THING_BREAKING))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(409);
          assertThat(e.getMessage()).startsWith("schema for subject '" + subject + "' is incompatible: ");
        });
    GenericRecord record = new GenericRecordBuilder(THING_BREAKING).set("name", "n").set("size", 1).build();
    assertThatThrownBy(() -> codec.encode(subject, record))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining(subject);
  }

  @Test
  void subjectWithoutVersionsIsCompatibleAndHasNoLatest() {
    assertThat(client.testCompatibility(subject, THING_V1).compatible()).isTrue();
    assertThat(client.lookup(subject, THING_V1)).isEmpty();
    assertThatThrownBy(() -> client.latest(subject))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(404);
          assertThat(e.getMessage()).contains(subject);
        });
  }

  @Test
  void findsApicuriosConfluentApiFromTheBareUrl() {
    String prefix = "/apis/ccompat/v7";
    String url = stack.registryUrl();
    org.junit.jupiter.api.Assumptions.assumeTrue(url.endsWith(prefix), "registry is not Apicurio");
    String root = url.substring(0, url.length() - prefix.length());

    try (SchemaRegistryClient bare = newClient(root)) {
      int id = bare.register(subject, THING_V1);
      assertThat(bare.baseUrl()).isEqualTo(url);
      assertThat(bare.latest(subject).id()).isEqualTo(id);
    }
  }

  private void assertKind(byte[] bytes, Kind kind) {
    assertThatThrownBy(() -> codec.decode(bytes, EmailSend.class))
        .isInstanceOfSatisfying(UndecodableJobException.class, e -> assertThat(e.kind()).isEqualTo(kind));
  }
}
