package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.producer.topics.TopicLayout;
import dev.jobpipe.schemas.RetryDelays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicsFileTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<TopicLayout> parse(String yaml) throws Exception {
    return TopicsFile.parse(YAML.readTree(yaml), "t.yaml");
  }

  @Test
  void theShippedTopicsFileParses() {
    List<TopicLayout> layouts = TopicsFile.read(Path.of("..", "deploy", "topics", "jobs.yaml"));
    assertThat(layouts).extracting(TopicLayout::type).containsExactly("email.send", "image.resize", "report.generate");
    assertThat(layouts.get(1).partitions()).hasValue(12);
    assertThat(layouts.get(1).tiers()).isEqualTo(RetryDelays.parseList("10s,1m,10m"));
    assertThat(layouts.get(0).tiers()).isEqualTo(RetryDelays.parseList("5s,30s,5m"));
  }

  @Test
  void typesInheritDefaultsAndMayOverrideThem() throws Exception {
    List<TopicLayout> layouts = parse("""
        defaults: {partitions: 4, replicationFactor: 3, tiers: "1s,1m"}
        types:
          a: {}
          b:
            partitions: 8
            tiers: [2s]
          c:
        """);
    assertThat(layouts).containsExactly(
        new TopicLayout("a", OptionalInt.of(4), OptionalInt.of(3), RetryDelays.parseList("1s,1m")),
        new TopicLayout("b", OptionalInt.of(8), OptionalInt.of(3), RetryDelays.parseList("2s")),
        new TopicLayout("c", OptionalInt.of(4), OptionalInt.of(3), RetryDelays.parseList("1s,1m")));
  }

  @Test
  void withoutDefaultsValuesStayUnset() throws Exception {
    assertThat(parse("types: {a: {}}")).containsExactly(TopicLayout.of("a"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "types: {a: {partitions: many}}|t.yaml: types.a.partitions: expected a positive integer, got \"many\"",
      "types: {a: {partitions: 0}}|t.yaml: types.a.partitions: expected a positive integer, got 0",
      "types: {a: {partitons: 3}}|t.yaml: types.a.partitons: unknown key (expected one of [partitions, replicationFactor, tiers])",
      "types: {a: {tiers: [5s, soon]}}|t.yaml: types.a.tiers: invalid duration 'soon'",
      "types: {a: {tiers: [5s, 5s]}}|t.yaml: types.a: retry tier 5s of a is listed twice",
      "types: {Bad: {}}|t.yaml: types.Bad: invalid job type 'Bad'",
      "types: {}|t.yaml: types: expected a mapping of job type to settings",
      "defaults: {partitions: -1}\\ntypes: {a: {}}|t.yaml: defaults.partitions: expected a positive integer",
      "topics: {}|t.yaml: topics: unknown key",
      "- a|t.yaml: expected a mapping"
  })
  void mistakesNameTheFileAndKey(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml.replace("\\n", "\n")))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(message)
        .satisfies(e -> assertThat(((UserException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
  }

  @Test
  void unreadableFilesAreOneLineErrors(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> TopicsFile.read(dir.resolve("none.yaml"))).hasMessageContaining("does not exist");
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "types: {a: [\n");
    assertThatThrownBy(() -> TopicsFile.read(broken)).hasMessageContaining("not valid YAML")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
