package dev.jobpipe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.scheduler.internal.BoundedStoreMemory;
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
        .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedStoreMemory.class)
        .containsEntry(BoundedStoreMemory.MAX_BYTES_CONFIG, 32L << 20);
  }
}
