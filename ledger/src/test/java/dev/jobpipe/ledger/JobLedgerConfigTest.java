package dev.jobpipe.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobLedgerConfigTest {

  private static Map<String, Object> with(String key, Object value) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", "localhost:9092");
    props.put(key, value);
    return props;
  }

  @ParameterizedTest
  @CsvSource({
      "types, (",
      "types, ''",
      "http.port, 70000",
      "retention.ms, 0",
      "partitions, 0",
      "topic.refresh.ms, 5",
  })
  void anInvalidValueIsRejectedNamingItsKey(String key, String value) {
    assertThatThrownBy(() -> new JobLedgerConfig(with(key, value))).isInstanceOf(ConfigException.class)
        .hasMessageContaining(key);
  }

  @org.junit.jupiter.api.Test
  void theBootstrapServersAreRequired() {
    assertThatThrownBy(() -> new JobLedgerConfig(Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("bootstrap.servers");
  }

  @org.junit.jupiter.api.Test
  void typesDefaultToEveryTypeAndAreNotPassedToStreams() {
    assertThat(new JobLedgerConfig(with("partitions", 3)).types().pattern()).isEqualTo(".+");
    JobLedgerConfig config = new JobLedgerConfig(with(JobLedgerConfig.TYPES_CONFIG, "email\\.send"));
    assertThat(config.types().matcher("email.send").matches()).isTrue();
    assertThat(config.streamsProperties(9410)).doesNotContainKey(JobLedgerConfig.TYPES_CONFIG);
  }
}
