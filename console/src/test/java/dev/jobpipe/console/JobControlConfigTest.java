package dev.jobpipe.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JobControlConfigTest {

  private static Map<String, Object> base() {
    Map<String, Object> m = new HashMap<>();
    m.put("bootstrap.servers", "localhost:9092");
    return m;
  }

  @Test
  void defaults() {
    JobControlConfig c = new JobControlConfig(base());
    assertThat(c.cancelExpiry()).isEqualTo(Duration.ofDays(7));
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.user()).contains("@");
  }

  @Test
  void theClusterIsRequired() {
    assertThatThrownBy(() -> new JobControlConfig(Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "cancel.expiry.ms   | 10",
      "cancel.expiry.ms   | soon",
      "control.timeout.ms | 0",
      "control.user       | ' '"})
  void anInvalidValueNamesItsKey(String key, String value) {
    Map<String, Object> m = base();
    m.put(key, value);
    assertThatThrownBy(() -> new JobControlConfig(m)).isInstanceOf(ConfigException.class).hasMessageContaining(key);
  }

  @Test
  void ownKeysAreNotPassedToTheClientsAndPrefixedOverridesAre() {
    Map<String, Object> m = base();
    m.put("control.user", "ops");
    m.put("producer.linger.ms", "1");
    JobControlConfig c = new JobControlConfig(m);
    assertThat(c.user()).isEqualTo("ops");
    assertThat(c.producerProperties()).containsEntry("linger.ms", "1").doesNotContainKey("control.user")
        .containsEntry("bootstrap.servers", "localhost:9092");
    assertThat(c.adminProperties()).doesNotContainKey("linger.ms");
  }
}
