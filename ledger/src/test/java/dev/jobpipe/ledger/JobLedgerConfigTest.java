package dev.jobpipe.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import dev.jobpipe.schemas.streams.BoundedRocksDbMemory;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
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

  /** The whole map: defaults under the user's keys, what the ledger owns on top. */
  @org.junit.jupiter.api.Test
  void theStreamsPropertiesAreDefaultsUnderTheUsersKeysUnderWhatTheLedgerOwns() {
    Map<String, Object> props = with(JobLedgerConfig.APPLICATION_ID_CONFIG, "led");
    props.put(JobLedgerConfig.HTTP_ADVERTISED_HOST_CONFIG, "h");
    props.put(JobLedgerConfig.ROCKSDB_MEMORY_BYTES_CONFIG, 16L << 20);
    props.put(StreamsConfig.STATE_DIR_CONFIG, "/tmp/s");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(new JobLedgerConfig(props).streamsProperties(9411)).isEqualTo(Map.ofEntries(
        Map.entry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"),
        Map.entry(StreamsConfig.STATE_DIR_CONFIG, "/tmp/s"),
        Map.entry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2),
        Map.entry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1),
        Map.entry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000),
        Map.entry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true),
        Map.entry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class),
        Map.entry(BoundedRocksDbMemory.BYTES_CONFIG, 16L << 20),
        Map.entry(BoundedRocksDbMemory.WRITE_BUFFER_SHARE_CONFIG, 0.5),
        Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, "led"),
        Map.entry(StreamsConfig.APPLICATION_SERVER_CONFIG, "h:9411"),
        Map.entry("consumer.metadata.max.age.ms", 30_000L),
        Map.entry("consumer.auto.offset.reset", "earliest")));
  }
}
