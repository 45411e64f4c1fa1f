package dev.jobpipe.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientConfigsTest {

  private static final Map<String, Object> GIVEN = Map.of(
      "bootstrap.servers", "b:9092",
      "security.protocol", "SASL_SSL",
      "max.poll.records", "10",
      "linger.ms", "5",
      "consumer.max.poll.records", "20",
      "producer.linger.ms", "7",
      "admin.request.timeout.ms", "1000",
      "my.own.key", "x",
      "schema.registry.url", "http://r");

  @Test
  void commonKeysThenPrefixedOverridesOwnKeysNever() {
    Map<String, Object> consumer = ClientConfigs.consumer(GIVEN, "bootstrap.servers"::equals);
    assertThat(consumer).containsEntry("security.protocol", "SASL_SSL").containsEntry("max.poll.records", "20")
        .doesNotContainKeys("bootstrap.servers", "linger.ms", "my.own.key", "consumer.max.poll.records");
    assertThat(ClientConfigs.producer(GIVEN, k -> false)).containsEntry("linger.ms", "7")
        .containsEntry("bootstrap.servers", "b:9092").doesNotContainKey("max.poll.records");
    assertThat(ClientConfigs.admin(GIVEN, k -> false)).containsEntry("request.timeout.ms", "1000")
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(ClientConfigs.registry(GIVEN)).containsOnlyKeys("schema.registry.url");
  }

  @Test
  void noLossIsForcedWhenUnset() {
    Map<String, Object> p = ClientConfigs.requireNoLoss(new HashMap<>(), "a test");
    assertThat(p).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
    assertThat(ClientConfigs.requireNoLoss(new HashMap<>(Map.of("acks", "-1")), "a test")).containsEntry("acks", "all");
  }

  @ParameterizedTest
  @CsvSource({"acks, 1", "acks, 0", "enable.idempotence, false"})
  void lossySettingsAreRefusedNamingTheKey(String key, String value) {
    assertThatThrownBy(() -> ClientConfigs.requireNoLoss(new HashMap<>(Map.of(key, value)), "a test"))
        .isInstanceOf(ConfigException.class).hasMessageContaining(key).hasMessageContaining("a test needs");
  }
}
