package dev.jobpipe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.streams.BoundedRocksDbMemory;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchedulerConfigTest {

  private static Map<String, Object> base() {
    Map<String, Object> props = new HashMap<>();
    props.put(SchedulerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    return props;
  }

  @ParameterizedTest
  @CsvSource({
    "punctuate.interval.ms, 0",
    "punctuate.interval.ms, 10001",
    "commit.interval.ms, 0",
    "forward.batch.max, 0",
    "store.memory.max.bytes, 1024",
    "num.standby.replicas, -1",
    "instance.id, ' '",
    "cron.overlap.skip.enabled, sometimes",
  })
  void anInvalidValueIsRefusedNamingItsKey(String key, String value) {
    Map<String, Object> props = base();
    props.put(key, value);
    assertThatThrownBy(() -> new SchedulerConfig(props)).isInstanceOf(ConfigException.class).hasMessageContaining(key);
  }

  @Test
  void theStreamsPropertiesAreExactlyOnceWithPromptPollsAndBoundedStoreMemory() {
    Map<String, Object> props = base();
    props.put(SchedulerConfig.STORE_MEMORY_MAX_BYTES_CONFIG, 32L << 20);
    Map<String, Object> streams = new SchedulerConfig(props).streamsProperties();
    assertThat(streams).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.POLL_MS_CONFIG, SchedulerConfig.DEFAULT_PUNCTUATE_INTERVAL_MS)
        .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class)
        .containsEntry(BoundedRocksDbMemory.BYTES_CONFIG, 32L << 20);
  }

  /** The whole map, so that composing it elsewhere (StreamsProperties) cannot drift unseen. */
  @Test
  void theStreamsPropertiesAreTheUsersOtherKeysUnderWhatTheSchedulerOwns() {
    Map<String, Object> props = new HashMap<>();
    props.put(SchedulerConfig.BOOTSTRAP_SERVERS_CONFIG, "a:1");
    props.put(SchedulerConfig.APPLICATION_ID_CONFIG, "app");
    props.put(SchedulerConfig.STATE_DIR_CONFIG, "/tmp/s");
    props.put(SchedulerConfig.INSTANCE_ID_CONFIG, "s-0");
    props.put(SchedulerConfig.STREAM_THREADS_CONFIG, 2);
    props.put(SchedulerConfig.STANDBY_REPLICAS_CONFIG, 0);
    props.put(SchedulerConfig.STORE_MEMORY_MAX_BYTES_CONFIG, 32L << 20);
    props.put(SchedulerConfig.TOPICS_REPLICATION_FACTOR_CONFIG, (short) 3);
    props.put("consumer.session.timeout.ms", "6000");
    props.put("producer.linger.ms", "7");
    assertThat(new SchedulerConfig(props).streamsProperties()).isEqualTo(Map.ofEntries(
        Map.entry("consumer.session.timeout.ms", "6000"),
        Map.entry("producer.linger.ms", "7"),
        Map.entry("producer.retry.backoff.ms", 5),
        Map.entry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, List.of("a:1")),
        Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, "app"),
        Map.entry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2),
        Map.entry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L),
        Map.entry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2),
        Map.entry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0),
        Map.entry(StreamsConfig.POLL_MS_CONFIG, 10L),
        Map.entry("consumer.metadata.max.age.ms", 5_000L),
        Map.entry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true),
        Map.entry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class),
        Map.entry(BoundedRocksDbMemory.BYTES_CONFIG, 32L << 20),
        Map.entry(BoundedRocksDbMemory.WRITE_BUFFER_SHARE_CONFIG, 0.25),
        Map.entry(StreamsConfig.STATE_DIR_CONFIG, "/tmp/s"),
        Map.entry("consumer.group.instance.id", "s-0"),
        Map.entry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)));
  }
}
