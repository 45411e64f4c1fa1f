package dev.jobpipe.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterConfigTest {

  private static Map<String, Object> base() {
    Map<String, Object> props = new HashMap<>();
    props.put(RouterConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    return props;
  }

  @Test
  void defaults() {
    RouterConfig config = new RouterConfig(base());
    assertThat(config.applicationId()).isEqualTo("jobpipe-router");
    assertThat(config.forwarderGroupId()).isEqualTo("jobpipe-router-forwarder");
    assertThat(config.staticMembership()).isFalse();
    assertThat(config.forwarderTransactionalId()).startsWith("jobpipe-router-forwarder-");
    Map<String, Object> streams = config.streamsProperties();
    assertThat(streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(streams.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
    assertThat(streams.get(StreamsConfig.consumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG))).isEqualTo(5_000L);
    assertThat(config.forwarderConsumerProperties().get(ConsumerConfig.ISOLATION_LEVEL_CONFIG)).isEqualTo("read_committed");
    assertThat(config.forwarderConsumerProperties().get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)).isEqualTo(false);
  }

  @Test
  void instanceIdMakesMembershipStaticAndTheTransactionalIdStable() {
    Map<String, Object> props = base();
    props.put(RouterConfig.INSTANCE_ID_CONFIG, "router-0");
    props.put(RouterConfig.APPLICATION_ID_CONFIG, "app");
    RouterConfig config = new RouterConfig(props);
    assertThat(config.forwarderTransactionalId()).isEqualTo("app-forwarder-router-0");
    assertThat(config.forwarderConsumerProperties().get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).isEqualTo("router-0-forwarder");
    assertThat(config.streamsProperties().get(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)))
        .isEqualTo("router-0-routing");
  }

  @Test
  void forwarderRetriesAConcurrentTransactionSoonUnlessTold() {
    assertThat(new RouterConfig(base()).forwarderProducerProperties())
        .containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, RouterConfig.FORWARDER_RETRY_BACKOFF_MS);
    Map<String, Object> props = base();
    props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
    assertThat(new RouterConfig(props).forwarderProducerProperties())
        .containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
  }

  @Test
  void unknownKeysPassThroughToTheClientsThatKnowThem() {
    Map<String, Object> props = base();
    props.put("security.protocol", "SASL_SSL");
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    RouterConfig config = new RouterConfig(props);
    assertThat(config.forwarderConsumerProperties()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000").doesNotContainKey(ProducerConfig.LINGER_MS_CONFIG);
    assertThat(config.forwarderProducerProperties()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "0").doesNotContainKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
    assertThat(config.adminProperties()).containsEntry("security.protocol", "SASL_SSL");
    assertThat(config.streamsProperties()).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
    "application.id|''",
    "commit.interval.ms|0",
    "topic.refresh.ms|10",
    "dedupe.window.ms|5",
    "stream.threads|0",
    "forwarder.max.batch|0",
    "forwarder.max.window|0",
    "forwarder.max.window|24001",
    "forwarder.idle.poll.ms|1",
    "forwarder.transaction.timeout.ms|10",
    "topics.create|maybe",
    "instance.id|'  '",
  })
  void invalidValueIsNamed(String key, String value) {
    Map<String, Object> props = base();
    props.put(key, value);
    assertThatThrownBy(() -> new RouterConfig(props)).isInstanceOf(ConfigException.class).hasMessageContaining(key);
  }

  @Test
  void bootstrapServersAreRequired() {
    assertThatThrownBy(() -> new RouterConfig(Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining(RouterConfig.BOOTSTRAP_SERVERS_CONFIG);
    assertThat(new RouterConfig(Map.of(RouterConfig.BOOTSTRAP_SERVERS_CONFIG, List.of("a:1", "b:2")))
        .streamsProperties().get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo(List.of("a:1", "b:2"));
  }

  /** The whole map, so that composing it elsewhere (StreamsProperties) cannot drift unseen. */
  @Test
  void theStreamsPropertiesAreTheUsersOtherKeysUnderWhatTheRoutingOwns() {
    Map<String, Object> props = new HashMap<>();
    props.put(RouterConfig.BOOTSTRAP_SERVERS_CONFIG, "a:1");
    props.put(RouterConfig.APPLICATION_ID_CONFIG, "app");
    props.put(RouterConfig.STATE_DIR_CONFIG, "/tmp/s");
    props.put(RouterConfig.INSTANCE_ID_CONFIG, "r-0");
    props.put(RouterConfig.STREAM_THREADS_CONFIG, 2);
    props.put(RouterConfig.TOPICS_REPLICATION_FACTOR_CONFIG, (short) 3);
    props.put(RouterConfig.DEDUPE_WINDOW_MS_CONFIG, 60_000L);
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
    props.put("producer.linger.ms", "7");
    assertThat(new RouterConfig(props).streamsProperties()).isEqualTo(Map.ofEntries(
        Map.entry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000"),
        Map.entry("producer.linger.ms", "7"),
        Map.entry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, List.of("a:1")),
        Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, "app"),
        Map.entry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2),
        Map.entry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L),
        Map.entry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2),
        Map.entry("consumer.metadata.max.age.ms", 5_000L),
        Map.entry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true),
        Map.entry(StreamsConfig.STATE_DIR_CONFIG, "/tmp/s"),
        Map.entry("consumer.group.instance.id", "r-0-routing"),
        Map.entry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)));
  }
}
