package dev.jobpipe.schemas.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {

  private static final Map<String, Object> USER = Map.of("own.key", "x", "state.dir", "/user", "num.standby.replicas", 2,
      "rocksdb.config.setter", "user.Setter");

  @Test
  void theComponentsOwnKeysAreNotPassedOnAndTheUsersOthersAre() {
    Map<String, Object> props = StreamsProperties.passThrough(USER, Set.of("own.key")::contains).toMap();
    assertThat(props).doesNotContainKey("own.key").containsEntry("state.dir", "/user")
        .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
  }

  @Test
  void aDefaultGivesWayToTheUserAndAnOwnedKeyDoesNot() {
    Map<String, Object> props = StreamsProperties.passThrough(USER, k -> false)
        .byDefault("num.standby.replicas", 1).byDefault("commit.interval.ms", 1_000)
        .set("state.dir", "/owned").toMap();
    assertThat(props).containsEntry("num.standby.replicas", 2).containsEntry("commit.interval.ms", 1_000)
        .containsEntry("state.dir", "/owned");
  }

  @Test
  void unsetOptionsLeaveTheirKeysAlone() {
    Map<String, Object> props = StreamsProperties.passThrough(Map.of(), k -> false)
        .stateDir(null).staticMember(null).replicationFactor(Optional.empty()).toMap();
    assertThat(props).containsOnlyKeys(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG);
  }

  @Test
  void theNamedRulesSetStreamsOwnKeys() {
    Map<String, Object> props = StreamsProperties.passThrough(Map.of(), k -> false).exactlyOnce(100L)
        .topicRefresh(5_000L).stateDir("/s").staticMember("i-0").replicationFactor(Optional.of((short) 3)).toMap();
    assertThat(props).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L)
        .containsEntry("consumer.metadata.max.age.ms", 5_000L)
        .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/s")
        .containsEntry("consumer.group.instance.id", "i-0")
        .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3);
  }

  @Test
  void theRocksDbBudgetIsPassedToTheSetterAndAUsersOwnSetterWins() {
    assertThat(StreamsProperties.passThrough(Map.of(), k -> false).boundedRocksDb(64L << 20, 0.5).toMap())
        .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class)
        .containsEntry(BoundedRocksDbMemory.BYTES_CONFIG, 64L << 20)
        .containsEntry(BoundedRocksDbMemory.WRITE_BUFFER_SHARE_CONFIG, 0.5);
    assertThat(StreamsProperties.passThrough(USER, k -> false).boundedRocksDb(64L << 20, 0.5).toMap())
        .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "user.Setter");
  }

  @Test
  void anInstanceIdIsTheConfiguredOneOrARandomOneAndNeverBlank() {
    assertThat(StreamsProperties.instanceId("instance.id", "pod-0")).isEqualTo("pod-0");
    assertThat(StreamsProperties.instanceId("instance.id", null))
        .isNotBlank().isNotEqualTo(StreamsProperties.instanceId("instance.id", null));
    assertThatThrownBy(() -> StreamsProperties.instanceId("instance.id", " ")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("instance.id");
  }
}
