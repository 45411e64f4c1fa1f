package dev.jobpipe.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import dev.jobpipe.schemas.registry.SchemaRegistryException;
import dev.jobpipe.schemas.serde.UndecodableJobException.Kind;
import dev.jobpipe.schemas.testing.FakeRegistry;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobAvroSerdeTest {
  private static final String TOPIC = "jobs.email.send";

  private final FakeRegistry fake = FakeRegistry.start();
  private final JobAvroSerializer serializer = new JobAvroSerializer();
  private final JobAvroDeserializer deserializer = new JobAvroDeserializer();

  @AfterEach
  void tearDown() {
    serializer.close();
    deserializer.close();
    fake.close();
  }

  private Map<String, Object> configs(Object... keyValues) {
    Map<String, Object> configs = new HashMap<>();
    configs.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, fake.url());
    configs.put("bootstrap.servers", "localhost:9092");
    for (int i = 0; i < keyValues.length; i += 2) {
      configs.put((String) keyValues[i], keyValues[i + 1]);
    }
    return configs;
  }

  private static EmailSend email() {
    return EmailSend.newBuilder().setTo("ada@example.com").setSubject("s").setBody("b").setReplyTo("r@x").build();
  }

  @Test
  void roundTripsGenericByDefaultAndSpecificOnRequest() {
    serializer.configure(configs(), false);
    deserializer.configure(configs(), false);
    JobAvroDeserializer specific = new JobAvroDeserializer();
    specific.configure(configs(JobAvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true), false);

    byte[] bytes = serializer.serialize(TOPIC, email());

    assertThat(fake.requests()).contains("POST /subjects/jobs.email.send-value/versions");
    Object generic = deserializer.deserialize(TOPIC, bytes);
    assertThat(generic).isInstanceOf(GenericRecord.class).isNotInstanceOf(EmailSend.class);
    assertThat(((GenericRecord) generic).get("replyTo").toString()).isEqualTo("r@x");
    assertThat(specific.deserialize(TOPIC, new RecordHeaders(), bytes)).isEqualTo(email());
    specific.close();
  }

  @Test
  void reconfiguringSwitchesToTheNewRegistry() {
    serializer.configure(configs(), false);
    deserializer.configure(configs(), false);
    try (FakeRegistry second = FakeRegistry.start()) {
      serializer.configure(configs(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, second.url()), false);
      deserializer.configure(configs(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, second.url()), false);

      byte[] bytes = serializer.serialize(TOPIC, email());

      assertThat(second.requests()).contains("POST /subjects/jobs.email.send-value/versions");
      assertThat(fake.requests()).isEmpty();
      assertThat(((GenericRecord) deserializer.deserialize(TOPIC, bytes)).get("to").toString()).isEqualTo("ada@example.com");
    }
  }

  @Test
  void keySerializerUsesTheKeySubject() {
    serializer.configure(configs(), true);

    serializer.serialize(TOPIC, email());

    assertThat(fake.requests()).contains("POST /subjects/jobs.email.send-key/versions");
  }

  @Test
  void nullRecordSerializesToNull() {
    serializer.configure(configs(), false);

    assertThat(serializer.serialize(TOPIC, null)).isNull();
  }

  @Test
  void invalidPayloadIsASerializationErrorNamingTheField() {
    serializer.configure(configs(), false);
    Schema schema = SchemaBuilder.record("Bad").fields().requiredString("name").endRecord();
    GenericData.Record record = new GenericData.Record(schema);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, record))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("jobs.email.send")
        .hasMessageContaining("'Bad.name'");
  }

  @Test
  void withoutAutoRegistrationTheSchemaMustExist() {
    serializer.configure(configs(JobAvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, "false"), false);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, email()))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("jobs.email.send-value");
  }

  @Test
  void nullValueIsUndecodableAndNamesTheTopic() {
    deserializer.configure(configs(), false);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, null))
        .isInstanceOfSatisfying(UndecodableJobException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.NULL_VALUE);
          assertThat(e.topic()).contains(TOPIC);
          assertThat(e.getMessage()).contains("in " + TOPIC);
        });
  }

  @Test
  void garbageIsUndecodableAndNamesTheTopic() {
    deserializer.configure(configs(), false);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, "hello".getBytes()))
        .isInstanceOfSatisfying(UndecodableJobException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.BAD_MAGIC_BYTE);
          assertThat(e.getMessage()).startsWith("undecodable job value in jobs.email.send (BAD_MAGIC_BYTE)");
        });
  }

  @Test
  void locationFromTheConsumerIsAttached() {
    UndecodableJobException raw = new UndecodableJobException(Kind.CORRUPT_AVRO, "bad bytes", null).withTopic(TOPIC);
    RecordDeserializationException wrapped = new RecordDeserializationException(
        RecordDeserializationException.DeserializationExceptionOrigin.VALUE, new TopicPartition(TOPIC, 3), 42L,
        0L, TimestampType.CREATE_TIME, null, ByteBuffer.wrap(new byte[] {1}), new RecordHeaders(), "failed", raw);

    UndecodableJobException located = UndecodableJobException.find(wrapped).orElseThrow();

    assertThat(located.kind()).isEqualTo(Kind.CORRUPT_AVRO);
    assertThat(located.topic()).contains(TOPIC);
    assertThat(located.partition()).hasValue(3);
    assertThat(located.offset()).hasValue(42L);
    assertThat(located.detail()).isEqualTo("bad bytes");
    assertThat(located.getMessage()).isEqualTo("undecodable job value in jobs.email.send-3 at offset 42 (CORRUPT_AVRO): bad bytes");
    assertThat(UndecodableJobException.find(new IllegalStateException("x"))).isEmpty();
    assertThat(UndecodableJobException.find(raw)).contains(raw);
    assertThat(raw.withLocation("t", 0, 7).getMessage()).startsWith("undecodable job value in t-0 at offset 7");
  }

  @Test
  void fixedReaderSchemaResolvesEveryValue() {
    try (SchemaRegistryClient client = SchemaRegistryClient.create(fake.url())) {
      AvroCodec codec = new AvroCodec(client, true);
      JobAvroSerializer shared = new JobAvroSerializer(codec);
      shared.configure(Map.of(), false);
      JobAvroDeserializer reader = new JobAvroDeserializer(codec, EmailSend.getClassSchema());
      reader.configure(Map.of(), false);

      assertThat(reader.deserialize(TOPIC, shared.serialize(TOPIC, email()))).isEqualTo(email());
    }
  }

  @Test
  void missingRegistryUrlIsAConfigErrorNamingTheKey() {
    assertThatThrownBy(() -> serializer.configure(Map.of("bootstrap.servers", "x:1"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
    assertThatThrownBy(() -> deserializer.configure(configs(JobAvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, "maybe"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("specific.avro.reader");
  }

  @Test
  void unconfiguredSerdesSaySo() {
    assertThatThrownBy(() -> new JobAvroSerializer().serialize(TOPIC, email())).hasMessageContaining("not configured");
    assertThatThrownBy(() -> new JobAvroDeserializer().deserialize(TOPIC, new byte[1])).hasMessageContaining("not configured");
  }
}
