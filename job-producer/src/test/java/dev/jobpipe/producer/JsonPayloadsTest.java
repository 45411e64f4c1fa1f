package dev.jobpipe.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.jobs.ImageResize;
import dev.jobpipe.schemas.jobs.ReportGenerate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPayloadsTest {

  private static final Schema RICH = new Schema.Parser().parse("""
      {"type": "record", "name": "Rich", "namespace": "test", "fields": [
        {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
        {"name": "size", "type": {"type": "record", "name": "Size", "fields": [
            {"name": "width", "type": "int"}, {"name": "height", "type": "int"}]}},
        {"name": "ratio", "type": "double", "default": 1.0},
        {"name": "scale", "type": "float", "default": 1.0},
        {"name": "sharp", "type": "boolean", "default": false},
        {"name": "count", "type": "long", "default": 0},
        {"name": "blob", "type": "bytes", "default": ""},
        {"name": "digest", "type": {"type": "fixed", "name": "Digest", "size": 4}, "default": "abcd"},
        {"name": "owner", "type": ["null", "Size", "long"], "default": null},
        {"name": "labels", "type": {"type": "map", "values": ["null", "int"]}, "default": {}}
      ]}
      """);

  @Test
  void convertsABuiltInPayloadApplyingDefaults() {
    GenericRecord record = JsonPayloads.fromJson(
        "{\"imageUrl\": \"s3://b/cat.png\", \"width\": 64, \"height\": 48}", ImageResize.getClassSchema());
    assertThat(record.get("imageUrl")).isEqualTo("s3://b/cat.png");
    assertThat(record.get("width")).isEqualTo(64);
    assertThat(record.get("format")).hasToString("JPEG");
    assertThat(GenericData.get().validate(ImageResize.getClassSchema(), record)).isTrue();
  }

  @Test
  void convertsEnumsMapsAndLongs() {
    GenericRecord image = JsonPayloads.fromJson(
        "{\"imageUrl\": \"u\", \"width\": 1, \"height\": 2, \"format\": \"WEBP\"}", ImageResize.getClassSchema());
    assertThat(image.get("format")).isInstanceOf(GenericData.EnumSymbol.class).hasToString("WEBP");

    GenericRecord report = JsonPayloads.fromJson("""
        {"accountId": "a-1", "reportName": "monthly", "fromEpochDay": 20000, "toEpochDay": 20030,
         "parameters": {"currency": "EUR"}}""", ReportGenerate.getClassSchema());
    assertThat(report.get("fromEpochDay")).isEqualTo(20000L);
    assertThat(report.get("parameters")).isEqualTo(Map.of("currency", "EUR"));
    assertThat(GenericData.get().validate(ReportGenerate.getClassSchema(), report)).isTrue();
  }

  @Test
  void unionsTakePlainValuesAndAvroJsonForm() {
    Schema email = EmailSend.getClassSchema();
    String base = "\"to\": \"a@b.c\", \"subject\": \"hi\", \"body\": \"text\"";
    assertThat(JsonPayloads.fromJson("{" + base + "}", email).get("template")).isNull();
    assertThat(JsonPayloads.fromJson("{" + base + ", \"template\": null}", email).get("template")).isNull();
    assertThat(JsonPayloads.fromJson("{" + base + ", \"template\": \"welcome\"}", email).get("template"))
        .isEqualTo("welcome");
    assertThat(JsonPayloads.fromJson("{" + base + ", \"template\": {\"string\": \"welcome\"}}", email).get("template"))
        .isEqualTo("welcome");
  }

  @Test
  void convertsNestedRecordsArraysBytesFixedAndUnionsOfRecords() {
    GenericRecord record = JsonPayloads.fromJson("""
        {"tags": ["a", "b"], "size": {"width": 3, "height": 4}, "ratio": 2, "scale": 0.5, "sharp": true,
         "count": 9000000000, "blob": "\\u0000\\u00ff", "digest": "wxyz",
         "owner": {"test.Size": {"width": 1, "height": 1}}, "labels": {"x": 1, "y": null}}""", RICH);
    assertThat(record.get("tags")).asList().containsExactly("a", "b");
    assertThat(((GenericRecord) record.get("size")).get("height")).isEqualTo(4);
    assertThat(record.get("ratio")).isEqualTo(2.0);
    assertThat(record.get("scale")).isEqualTo(0.5f);
    assertThat(record.get("sharp")).isEqualTo(true);
    assertThat(record.get("count")).isEqualTo(9_000_000_000L);
    assertThat(record.get("blob")).isEqualTo(ByteBuffer.wrap(new byte[] {0, (byte) 0xFF}));
    assertThat(((GenericData.Fixed) record.get("digest")).bytes()).isEqualTo("wxyz".getBytes(StandardCharsets.US_ASCII));
    assertThat(((GenericRecord) record.get("owner")).get("width")).isEqualTo(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> labels = (Map<String, Object>) record.get("labels");
    assertThat(labels).containsEntry("x", 1).containsEntry("y", null);
    assertThat(GenericData.get().validate(RICH, record)).isTrue();

    GenericRecord plainUnion = JsonPayloads.fromJson(
        "{\"size\": {\"width\": 3, \"height\": 4}, \"owner\": 17}", RICH);
    assertThat(plainUnion.get("owner")).isEqualTo(17L);
    assertThat(plainUnion.get("tags")).asList().isEmpty();
    assertThat(((GenericData.Fixed) plainUnion.get("digest")).bytes()).isEqualTo("abcd".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void defaultsAreNotSharedBetweenRecords() {
    GenericRecord one = JsonPayloads.fromJson("{\"size\": {\"width\": 1, \"height\": 1}}", RICH);
    @SuppressWarnings("unchecked")
    List<Object> tags = (List<Object>) one.get("tags");
    tags.add("mutated");
    GenericRecord two = JsonPayloads.fromJson("{\"size\": {\"width\": 1, \"height\": 1}}", RICH);
    assertThat(two.get("tags")).asList().isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"imageUrl\": \"u\", \"width\": \"wide\", \"height\": 2}|field 'width': expected int, got string",
      "{\"imageUrl\": \"u\", \"width\": 1.5, \"height\": 2}|field 'width': expected int, got number",
      "{\"imageUrl\": \"u\", \"width\": 3000000000, \"height\": 2}|field 'width': expected int, got number 3000000000 (out of int range)",
      "{\"imageUrl\": \"u\", \"height\": 2}|field 'width': missing, and ImageResize has no default for it",
      "{\"imageUrl\": \"u\", \"width\": 1, \"height\": 2, \"colour\": \"red\"}|field 'colour': not a field of ImageResize",
      "{\"imageUrl\": \"u\", \"width\": 1, \"height\": 2, \"format\": \"GIF\"}|field 'format': expected one of [JPEG, PNG, WEBP], got 'GIF'",
      "{\"imageUrl\": null, \"width\": 1, \"height\": 2}|field 'imageUrl': expected string, got null",
      "[1, 2]|payload: expected record ImageResize (a JSON object), got array"
  })
  void mismatchesNameTheField(String json, String message) {
    assertThatThrownBy(() -> JsonPayloads.fromJson(json, ImageResize.getClassSchema()))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"size\": {\"width\": \"x\", \"height\": 1}}|field 'size.width': expected int, got string",
      "{\"size\": {\"width\": 1, \"height\": 1}, \"tags\": [\"a\", 2]}|field 'tags[1]': expected string, got integer",
      "{\"size\": {\"width\": 1, \"height\": 1}, \"labels\": {\"k\": \"v\"}}|field 'labels[\"k\"]': expected one of [null, int], got string",
      "{\"size\": {\"width\": 1, \"height\": 1}, \"owner\": \"me\"}|field 'owner': expected one of [null, Size, long], got string",
      "{\"size\": {\"width\": 1, \"height\": 1}, \"owner\": {\"width\": 1}}|field 'owner.height': missing, and Size has no default for it",
      "{\"size\": {\"width\": 1, \"height\": 1}, \"digest\": \"abc\"}|field 'digest': expected 4 bytes for fixed Digest, got 3",
      "{\"size\": {\"width\": 1, \"height\": 1}, \"blob\": \"\\u20ac\"}|field 'blob': expected bytes as characters",
      "{\"size\": {\"width\": 1, \"height\": 1}, \"sharp\": \"yes\"}|field 'sharp': expected boolean, got string",
      "{\"size\": {\"width\": 1, \"height\": 1}, \"ratio\": \"1\"}|field 'ratio': expected double, got string"
  })
  void nestedMismatchesNameThePath(String json, String message) {
    assertThatThrownBy(() -> JsonPayloads.fromJson(json, RICH))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"width\": |invalid JSON",
      "{\"a\": 1} {\"b\": 2}|invalid JSON",
      "{\"a\": 1, \"a\": 2}|Duplicate field 'a'",
      "{'a': 1}|invalid JSON at column 2"
  })
  void invalidJsonIsOneLineSayingWhere(String json, String message) {
    assertThatThrownBy(() -> JsonPayloads.parse(json))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void onlyRecordSchemasArePayloads() {
    assertThatThrownBy(() -> JsonPayloads.fromJson("1", Schema.create(Schema.Type.INT)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("record");
  }
}
