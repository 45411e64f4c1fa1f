package dev.jobpipe.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.registry.RegistryUnavailableException;
import dev.jobpipe.schemas.registry.SchemaRegistryException;
import dev.jobpipe.schemas.serde.DecodedPayload;
import dev.jobpipe.schemas.serde.UndecodableJobException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class PayloadViewTest {

  private static final Schema SCHEMA = SchemaBuilder.record("EmailSend").namespace("acme").fields()
      .requiredString("to").optionalString("template").requiredInt("n").endRecord();

  @Test
  void decodedPayloadIsPrettyJson() {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("to", "a@b.c");
    r.put("template", null);
    r.put("n", 3);
    PayloadView v = PayloadView.of(new byte[] {0, 0, 0, 0, 9}, 9, bytes -> new DecodedPayload(9, SCHEMA, r));

    assertThat(v.decoded()).isTrue();
    assertThat(v.schemaId()).isEqualTo(9);
    assertThat(v.schemaName()).isEqualTo("acme.EmailSend");
    assertThat(v.json()).isEqualTo("{\n  \"to\" : \"a@b.c\",\n  \"template\" : null,\n  \"n\" : 3\n}");
    assertThat(v.problem()).isNull();
  }

  @Test
  void undecodableSaysWhy() {
    PayloadView v = PayloadView.of(new byte[] {9, 9}, null, bytes -> {
      throw new UndecodableJobException(UndecodableJobException.Kind.BAD_MAGIC_BYTE, "magic byte 9, expected 0", null);
    });
    assertThat(v.decoded()).isFalse();
    assertThat(v.problem()).isEqualTo("not decodable (BAD_MAGIC_BYTE): magic byte 9, expected 0");
  }

  @Test
  void unknownSchemaId() {
    PayloadView v = PayloadView.of(new byte[] {0, 0, 0, 0, 42}, 42, bytes -> {
      throw new SchemaRegistryException("schema 42 not found", 404, 40403);
    });
    assertThat(v.problem()).isEqualTo("the registry cannot resolve schema id 42: schema 42 not found");
  }

  @Test
  void nullValue() {
    assertThat(PayloadView.of(null, null, bytes -> null).problem()).contains("null");
  }

  @Test
  void registryOutagePropagates() {
    assertThatThrownBy(() -> PayloadView.of(new byte[] {0, 0, 0, 0, 1}, 1, bytes -> {
      throw new RegistryUnavailableException("registry down", null);
    })).isInstanceOf(RegistryUnavailableException.class);
  }
}
