package dev.jobpipe.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DlqConfigTest {

  private static Map<String, Object> props(Object... kv) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", "localhost:9092");
    for (int i = 0; i < kv.length; i += 2) {
      p.put((String) kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void defaultsAreShortTimeouts() {
    DlqConfig c = new DlqConfig(props());
    assertThat(c.apiTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.readChunkSize()).isEqualTo(500);
    assertThat(c.replayBatchSize()).isEqualTo(500);
    assertThat(c.adminProps()).containsEntry("default.api.timeout.ms", 5000).containsEntry("request.timeout.ms", 5000);
    assertThat(c.consumerProps()).containsEntry("default.api.timeout.ms", 5000)
        .containsEntry("enable.auto.commit", false).containsEntry("isolation.level", "read_committed")
        .containsEntry("allow.auto.create.topics", false).doesNotContainKey("group.id");
    assertThat(c.producerProps()).containsEntry("max.block.ms", 5000L).containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true);
  }

  @Test
  void ownKeysAreStrippedAndKafkaKeysPassThroughOrWin() {
    DlqConfig c = new DlqConfig(props("jobpipe.dlq.api.timeout.ms", "2000", "security.protocol", "SASL_SSL",
        "request.timeout.ms", "9000", "group.id", "someone"));
    assertThat(c.adminProps()).containsEntry("security.protocol", "SASL_SSL").containsEntry("request.timeout.ms", "9000")
        .containsEntry("default.api.timeout.ms", 2000).doesNotContainKey("jobpipe.dlq.api.timeout.ms");
    assertThat(c.consumerProps()).doesNotContainKey("group.id");
  }

  @ParameterizedTest
  @CsvSource({
      "jobpipe.dlq.api.timeout.ms, 10",
      "jobpipe.dlq.api.timeout.ms, soon",
      "jobpipe.dlq.read.chunk.size, 0",
      "jobpipe.dlq.replay.batch.size, 100001",
      "bootstrap.servers, ''"
  })
  void invalidValuesNameTheKey(String key, String value) {
    assertThatThrownBy(() -> new DlqConfig(props(key, value)))
        .isInstanceOf(ConfigException.class).hasMessageContaining(key);
  }

  @Test
  void bootstrapIsRequired() {
    assertThatThrownBy(() -> new DlqConfig(Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("bootstrap.servers");
  }
}
