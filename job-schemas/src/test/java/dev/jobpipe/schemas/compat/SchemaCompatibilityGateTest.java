package dev.jobpipe.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCompatibilityGateTest {
  @TempDir Path root;

  private static final String V1 = """
      {"type": "record", "name": "Order", "namespace": "test", "fields": [
        {"name": "id", "type": "string"},
        {"name": "qty", "type": "int"},
        {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line", "fields": [
          {"name": "sku", "type": "string"}, {"name": "count", "type": "int"}]}}, "default": []},
        {"name": "state", "type": {"type": "enum", "name": "State", "symbols": ["NEW", "PAID", "SHIPPED"]}}
      ]}""";

  @Test
  void theProjectsOwnSchemasPass() {
    SchemaCompatibilityGate.Report report =
        new SchemaCompatibilityGate(Path.of("src/main/avro"), Path.of("src/main/avro-history")).verify();
    assertThat(report.schemas()).isEqualTo(1);
    assertThat(report.comparisons()).isEqualTo(1);
    assertThat(report.modes()).containsEntry("JobDone", CompatibilityMode.FULL_TRANSITIVE);

    SchemaCompatibilityGate.Report examples = new SchemaCompatibilityGate(
        Path.of("../example-jobs/src/main/avro"), Path.of("../example-jobs/src/main/avro-history")).verify();
    assertThat(examples.schemas()).isEqualTo(3);
    assertThat(examples.comparisons()).isEqualTo(3);
    assertThat(examples.modes()).containsEntry("EmailSend", CompatibilityMode.FULL_TRANSITIVE)
        .containsEntry("ImageResize", CompatibilityMode.BACKWARD);
  }

  @Test
  void optionalFieldWithDefaultIsFullyCompatible() throws IOException {
    write("Order", V1.replace("{\"name\": \"qty\", \"type\": \"int\"},",
        "{\"name\": \"qty\", \"type\": \"int\"}, {\"name\": \"note\", \"type\": [\"null\", \"string\"], \"default\": null},"),
        V1);
    modes("default=FULL_TRANSITIVE");

    assertThat(gate().verify().comparisons()).isEqualTo(1);
  }

  @Test
  void newRequiredFieldWithoutDefaultFailsNamingTheField() throws IOException {
    write("Order", V1.replace("{\"name\": \"qty\", \"type\": \"int\"},",
        "{\"name\": \"qty\", \"type\": \"int\"}, {\"name\": \"currency\", \"type\": \"string\"},"), V1);

    assertThatThrownBy(() -> gate().verify())
        .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.problems()).singleElement()
            .asString()
            .startsWith("Order breaks BACKWARD compatibility with v1: field 'Order.currency'")
            .contains("READER_FIELD_MISSING_DEFAULT_VALUE"));
  }

  @Test
  void typeChangeFailsNamingTheField() throws IOException {
    write("Order", V1.replace("{\"name\": \"qty\", \"type\": \"int\"}", "{\"name\": \"qty\", \"type\": \"string\"}"), V1);

    assertThatThrownBy(() -> gate().verify())
        .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.problems()).singleElement()
            .asString()
            .contains("field 'Order.qty' changed type: the reader expects string, the writer wrote int")
            .contains("TYPE_MISMATCH"));
  }

  @Test
  void nestedFieldIsNamedByItsPath() {
    Schema current = parse(V1.replace("{\"name\": \"count\", \"type\": \"int\"}", "{\"name\": \"count\", \"type\": \"boolean\"}"));

    List<Violation> violations =
        SchemaCompatibilityGate.check("Order", current, List.of(parse(V1)), CompatibilityMode.BACKWARD);

    assertThat(violations).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("Order.lines[].count");
      assertThat(v.version()).isEqualTo(1);
      assertThat(v.mode()).isEqualTo(CompatibilityMode.BACKWARD);
    });
  }

  @Test
  void removedEnumSymbolBreaksBackward() {
    Schema current = parse(V1.replace("\"PAID\", ", ""));

    assertThat(SchemaCompatibilityGate.check("Order", current, List.of(parse(V1)), CompatibilityMode.BACKWARD))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.field()).isEqualTo("Order.state");
          assertThat(v.type()).isEqualTo("MISSING_ENUM_SYMBOLS");
          assertThat(v.message()).contains("PAID");
        });
  }

  @Test
  void removingARequiredFieldIsBackwardButNotForwardCompatible() {
    Schema current = parse(V1.replace("{\"name\": \"qty\", \"type\": \"int\"},", ""));
    List<Schema> history = List.of(parse(V1));

    assertThat(SchemaCompatibilityGate.check("Order", current, history, CompatibilityMode.BACKWARD)).isEmpty();
    assertThat(SchemaCompatibilityGate.check("Order", current, history, CompatibilityMode.FORWARD))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.field()).isEqualTo("Order.qty");
          assertThat(v.message()).contains("FORWARD").contains("v1 readers cannot read data written with the new schema");
        });
    assertThat(SchemaCompatibilityGate.check("Order", current, history, CompatibilityMode.FULL)).hasSize(1);
    assertThat(SchemaCompatibilityGate.check("Order", current, history, CompatibilityMode.NONE)).isEmpty();
  }

  @Test
  void transitiveModesCheckEveryEarlierVersion() {
    Schema v1 = parse(V1);
    Schema v2 = parse(V1.replace("{\"name\": \"qty\", \"type\": \"int\"}", "{\"name\": \"qty\", \"type\": \"int\", \"default\": 0}"));
    Schema current = parse(V1.replace("{\"name\": \"qty\", \"type\": \"int\"},", ""));
    List<Schema> history = List.of(v1, v2);

    assertThat(SchemaCompatibilityGate.check("Order", current, history, CompatibilityMode.FORWARD)).isEmpty();
    assertThat(SchemaCompatibilityGate.check("Order", current, history, CompatibilityMode.FORWARD_TRANSITIVE))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.version()).isEqualTo(1);
          assertThat(v.field()).isEqualTo("Order.qty");
        });
  }

  @Test
  void renamedRecordBreaksCompatibility() {
    Schema current = parse(V1.replace("\"name\": \"Order\"", "\"name\": \"Purchase\""));

    assertThat(SchemaCompatibilityGate.check("Order", current, List.of(parse(V1)), CompatibilityMode.BACKWARD))
        .anySatisfy(v -> assertThat(v.type()).isEqualTo("NAME_MISMATCH"));
  }

  @Test
  void perSchemaModeOverridesTheDefault() throws IOException {
    write("Order", V1.replace("{\"name\": \"qty\", \"type\": \"int\"},", ""), V1);
    modes("default=BACKWARD\nOrder=FULL\n");

    assertThatThrownBy(() -> gate().verify())
        .hasMessageContaining("Order breaks FULL compatibility with v1: field 'Order.qty'");
  }

  @Test
  void newSchemaWithoutHistoryPasses() throws IOException {
    Files.createDirectories(root.resolve("avro"));
    Files.writeString(root.resolve("avro/Order.avsc"), V1);

    assertThat(gate().verify().comparisons()).isZero();
  }

  @Test
  void malformedConfigurationAndHistoryAreReported() throws IOException {
    write("Order", V1, V1);
    Files.writeString(root.resolve("history/Order/v3.avsc"), V1);
    Files.writeString(root.resolve("history/Order/notes.txt"), "x");
    Files.createDirectories(root.resolve("history/Gone"));
    Files.writeString(root.resolve("history/Gone/v1.avsc"), "{ not json");
    modes("default=SIDEWAYS\nMissing=FULL\n");

    assertThatThrownBy(() -> gate().verify())
        .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).contains("default").contains("unknown compatibility mode 'SIDEWAYS'"))
            .anySatisfy(p -> assertThat(p).contains("'Missing'"))
            .anySatisfy(p -> assertThat(p).contains("skips v2"))
            .anySatisfy(p -> assertThat(p).contains("notes.txt"))
            .anySatisfy(p -> assertThat(p).contains("Gone has a history")));
  }

  @Test
  void unparsableCurrentSchemaIsReported() throws IOException {
    write("Order", "{\"type\": \"record\"}", V1);

    assertThatThrownBy(() -> gate().verify()).hasMessageContaining("cannot parse").hasMessageContaining("Order.avsc");
  }

  @Test
  void mainRunsTheGateAndRejectsBadArguments() throws IOException {
    write("Order", V1, V1);

    SchemaCompatibilityGate.main(new String[] {root.resolve("avro").toString(), root.resolve("history").toString()});
    assertThatThrownBy(() -> SchemaCompatibilityGate.main(new String[0])).hasMessageContaining("usage");
  }

  @Test
  void modeNamesParseLikeTheRegistrys() {
    assertThat(CompatibilityMode.parse("full-transitive")).isEqualTo(CompatibilityMode.FULL_TRANSITIVE);
    assertThat(CompatibilityMode.parse(" backward ")).isEqualTo(CompatibilityMode.BACKWARD);
    assertThatThrownBy(() -> CompatibilityMode.parse("both")).hasMessageContaining("FULL_TRANSITIVE");
  }

  private SchemaCompatibilityGate gate() {
    return new SchemaCompatibilityGate(root.resolve("avro"), root.resolve("history"));
  }

  private void write(String name, String current, String... history) throws IOException {
    Files.createDirectories(root.resolve("avro"));
    Files.writeString(root.resolve("avro").resolve(name + ".avsc"), current);
    Path dir = Files.createDirectories(root.resolve("history").resolve(name));
    for (int i = 0; i < history.length; i++) {
      Files.writeString(dir.resolve("v" + (i + 1) + ".avsc"), history[i]);
    }
  }

  private void modes(String content) throws IOException {
    Files.createDirectories(root.resolve("history"));
    Files.writeString(root.resolve("history").resolve(SchemaCompatibilityGate.MODES_FILE), content);
  }

  private static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }
}
