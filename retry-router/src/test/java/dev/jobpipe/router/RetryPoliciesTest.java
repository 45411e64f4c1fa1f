package dev.jobpipe.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPoliciesTest {

  @TempDir
  Path dir;

  @Test
  void defaultsAreFiveThirtyFiveMinutesWithFourAttempts() {
    RetryPolicy policy = RetryPolicies.parse(Map.of()).forType("anything");
    assertThat(policy.tiers()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(5));
    assertThat(policy.maxAttempts()).isEqualTo(4);
    assertThat(policy.jitter()).isEqualTo(RetryPolicy.DEFAULT_JITTER);
    assertThat(policy.fatalExceptions()).isEmpty();
    assertThat(policy.expiry()).isEmpty();
  }

  @Test
  void maxAttemptsDefaultsToTiersPlusOneOfTheEntry() {
    RetryPolicies policies = RetryPolicies.parse(Map.of(
        "policy.default.tiers", "1s,2s",
        "policy.email.send.tiers", "1s,2s,3s,4s"));
    assertThat(policies.defaults().maxAttempts()).isEqualTo(3);
    assertThat(policies.forType("email.send").maxAttempts()).isEqualTo(5);
    assertThat(policies.forType("other")).isEqualTo(policies.defaults());
  }

  @Test
  void typeInheritsEverySettingItDoesNotName() {
    RetryPolicies policies = RetryPolicies.parse(Map.of(
        "policy.default.max.attempts", "7",
        "policy.default.jitter", "0.1",
        "policy.default.fatal.exceptions", "java.lang.IllegalStateException",
        "policy.default.expiry", "1h",
        "policy.email.send.tiers", "10s"));
    RetryPolicy email = policies.forType("email.send");
    assertThat(email.tiers()).containsExactly(Duration.ofSeconds(10));
    assertThat(email.maxAttempts()).as("explicit default max attempts is inherited").isEqualTo(7);
    assertThat(email.jitter()).isEqualTo(0.1);
    assertThat(email.fatalExceptions()).containsExactly("java.lang.IllegalStateException");
    assertThat(email.expiry()).contains(Duration.ofHours(1));
  }

  @Test
  void readsPropertiesFile() throws IOException {
    Path file = Files.writeString(dir.resolve("policy.properties"), """
        policy.default.tiers = 1s, 2s
        policy.image.resize.max.attempts = 2
        policy.image.resize.fatal.exceptions = java.io.FileNotFoundException, com.acme.BadImage
        """);
    RetryPolicies policies = RetryPolicies.load(file, Map.of());
    assertThat(policies.defaults().tiers()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(policies.forType("image.resize").maxAttempts()).isEqualTo(2);
    assertThat(policies.forType("image.resize").fatalExceptions())
        .containsExactlyInAnyOrder("java.io.FileNotFoundException", "com.acme.BadImage");
  }

  @Test
  void readsYamlFileWithNestedMapsAndLists() throws IOException {
    Path file = Files.writeString(dir.resolve("policy.yaml"), """
        policy:
          default:
            tiers: [1s, 2s, 3s]
            jitter: 0
          email.send:
            max.attempts: 9
            expiry: 2d
            fatal:
              exceptions:
                - com.acme.InvalidAddress
        """);
    RetryPolicies policies = RetryPolicies.load(file, Map.of());
    assertThat(policies.defaults().tiers()).hasSize(3);
    assertThat(policies.defaults().jitter()).isZero();
    RetryPolicy email = policies.forType("email.send");
    assertThat(email.maxAttempts()).isEqualTo(9);
    assertThat(email.expiry()).contains(Duration.ofDays(2));
    assertThat(email.fatalExceptions()).containsExactly("com.acme.InvalidAddress");
    assertThat(email.tiers()).hasSize(3);
  }

  @Test
  void overridesWinOverTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("p.properties"), "policy.default.tiers=1s\npolicy.default.max.attempts=2\n");
    RetryPolicies policies = RetryPolicies.load(file, Map.of("policy.default.max.attempts", "5"));
    assertThat(policies.defaults().maxAttempts()).isEqualTo(5);
    assertThat(policies.defaults().tiers()).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void allTiersCoverEveryPolicy() {
    RetryPolicies policies = RetryPolicies.parse(Map.of("policy.default.tiers", "1s", "policy.a.tiers", "2s,1s"));
    assertThat(policies.allTiers()).containsExactlyInAnyOrder(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
    "policy.default.max.attempts|0",
    "policy.default.max.attempts|many",
    "policy.email.send.max.attempts|-1",
    "policy.email.send.tiers|5x",
    "policy.email.send.tiers|0s",
    "policy.email.send.tiers|5s,,30s",
    "policy.default.jitter|1.0",
    "policy.default.jitter|-0.1",
    "policy.default.jitter|lots",
    "policy.email.send.fatal.exceptions|not a class",
    "policy.email.send.fatal.exceptions|com.acme.Ok,1Bad",
    "policy.email.send.expiry|0s",
    "policy.email.send.expiry|forever",
    "policy.email.send.max.attempt|3",
    "policy.Email.tiers|5s",
    "policy.tiers|5s",
    "retry.default.tiers|5s",
  })
  void invalidKeyIsNamed(String key, String value) {
    assertThatThrownBy(() -> RetryPolicies.parse(Map.of(key, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key);
  }

  @Test
  void unreadableFileIsNamed() {
    Path missing = dir.resolve("missing.properties");
    assertThatThrownBy(() -> RetryPolicies.load(missing, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing.properties");
  }

  @Test
  void malformedYamlIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yml"), "policy:\n  default: [unclosed\n");
    assertThatThrownBy(() -> RetryPolicies.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.yml")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void yamlThatIsNotAMapIsRejected() throws IOException {
    Path file = Files.writeString(dir.resolve("list.yaml"), "- a\n- b\n");
    assertThatThrownBy(() -> RetryPolicies.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("list.yaml");
  }

  @Test
  void yamlNullValueNamesItsKey() throws IOException {
    Path file = Files.writeString(dir.resolve("null.yaml"), "policy:\n  default:\n    tiers:\n");
    assertThatThrownBy(() -> RetryPolicies.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("policy.default.tiers");
  }

  @Test
  void policyRecordValidatesItsFields() {
    assertThatThrownBy(() -> new RetryPolicy(0, List.of(Duration.ofSeconds(1)), 0, Set.of(), Optional.empty()))
        .hasMessageContaining("max attempts");
    assertThatThrownBy(() -> new RetryPolicy(1, List.of(), 0, Set.of(), Optional.empty()))
        .hasMessageContaining("tier");
    assertThatThrownBy(() -> new RetryPolicy(1, List.of(Duration.ZERO), 0, Set.of(), Optional.empty()))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> new RetryPolicy(1, List.of(Duration.ofSeconds(1)), 1.0, Set.of(), Optional.empty()))
        .hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetryPolicy.defaults().withExpiry(Duration.ofSeconds(-1)))
        .hasMessageContaining("expiry");
  }

  @Test
  void tierForClampsToTheLastTier() {
    RetryPolicy policy = RetryPolicy.defaults().withMaxAttempts(10);
    assertThat(policy.tierFor(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.tierFor(2)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.tierFor(3)).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.tierFor(9)).isEqualTo(Duration.ofMinutes(5));
  }
}
