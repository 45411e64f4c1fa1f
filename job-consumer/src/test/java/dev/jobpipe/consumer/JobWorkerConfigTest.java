package dev.jobpipe.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobWorkerConfigTest {

  private static Map<String, Object> base() {
    Map<String, Object> props = new HashMap<>();
    props.put(JobWorkerConfig.JOB_TYPE_CONFIG, "email.send");
    props.put("bootstrap.servers", "broker:9092");
    return props;
  }

  private static JobWorkerConfig config(Object... keyValues) {
    Map<String, Object> props = base();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put((String) keyValues[i], keyValues[i + 1]);
    }
    return new JobWorkerConfig(props);
  }

  @Test
  void defaults() {
    JobWorkerConfig config = config();
    assertThat(config.groupId()).isEqualTo("jobpipe.email.send");
    assertThat(config.topics().main()).isEqualTo("jobs.email.send");
    assertThat(config.ordering()).isEqualTo(Ordering.KEY);
    assertThat(config.concurrency()).isEqualTo(JobWorkerConfig.DEFAULT_CONCURRENCY);
    assertThat(config.maxInflightPerPartition()).isEqualTo(1000);
    assertThat(config.jobTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.commitMetadataMaxBytes()).isEqualTo(4096);
    assertThat(config.shutdownDrainTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.revocationAwaitTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.errorStackMaxBytes()).isEqualTo(8192);
    assertThat(config.doneEventsEnabled()).isTrue();
    assertThat(config.doneResultMaxBytes()).isEqualTo(1024);
    assertThat(config.schemaRegistryUrl()).isNull();
  }

  @Test
  void overrides() {
    JobWorkerConfig config = config(JobWorkerConfig.GROUP_ID_CONFIG, "custom", JobWorkerConfig.ORDERING_CONFIG, "None",
        JobWorkerConfig.CONCURRENCY_CONFIG, "200", JobWorkerConfig.JOB_TIMEOUT_MS_CONFIG, 500);
    assertThat(config.groupId()).isEqualTo("custom");
    assertThat(config.ordering()).isEqualTo(Ordering.NONE);
    assertThat(config.concurrency()).isEqualTo(200);
    assertThat(config.jobTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of(JobWorkerConfig.JOB_TYPE_CONFIG, "Bad Type"),
        Arguments.of(JobWorkerConfig.JOB_TYPE_CONFIG, ""),
        Arguments.of(JobWorkerConfig.GROUP_ID_CONFIG, ""),
        Arguments.of(JobWorkerConfig.CONCURRENCY_CONFIG, 0),
        Arguments.of(JobWorkerConfig.CONCURRENCY_CONFIG, "many"),
        Arguments.of(JobWorkerConfig.ORDERING_CONFIG, "random"),
        Arguments.of(JobWorkerConfig.MAX_INFLIGHT_PER_PARTITION_CONFIG, 0),
        Arguments.of(JobWorkerConfig.JOB_TIMEOUT_MS_CONFIG, 0),
        Arguments.of(JobWorkerConfig.COMMIT_INTERVAL_MS_CONFIG, -1),
        Arguments.of(JobWorkerConfig.COMMIT_MAX_RECORDS_CONFIG, 0),
        Arguments.of(JobWorkerConfig.SHUTDOWN_DRAIN_TIMEOUT_MS_CONFIG, -5),
        Arguments.of(JobWorkerConfig.REVOCATION_AWAIT_TIMEOUT_MS_CONFIG, "soon"),
        Arguments.of(JobWorkerConfig.HANDOFF_BACKOFF_MS_CONFIG, 0),
        Arguments.of(JobWorkerConfig.HANDOFF_BACKOFF_MAX_MS_CONFIG, 10),
        Arguments.of(JobWorkerConfig.REGISTRY_BACKOFF_MS_CONFIG, 0),
        Arguments.of(JobWorkerConfig.REGISTRY_BACKOFF_MAX_MS_CONFIG, 10),
        Arguments.of(JobWorkerConfig.POLL_TIMEOUT_MS_CONFIG, 0),
        Arguments.of(JobWorkerConfig.ERROR_STACK_MAX_BYTES_CONFIG, 10),
        Arguments.of(JobWorkerConfig.DONE_EVENTS_ENABLED_CONFIG, "sometimes"),
        Arguments.of(JobWorkerConfig.DONE_RESULT_MAX_BYTES_CONFIG, -1),
        Arguments.of(JobWorkerConfig.DONE_RESULT_MAX_BYTES_CONFIG, 1_000_000),
        Arguments.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true"),
        Arguments.of(JobWorkerConfig.CONSUMER_PREFIX + ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true),
        Arguments.of(JobWorkerConfig.COMMIT_METADATA_MAX_BYTES_CONFIG, -1),
        Arguments.of(ProducerConfig.ACKS_CONFIG, "1"),
        Arguments.of(JobWorkerConfig.PRODUCER_PREFIX + ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("invalidValues")
  void invalidValueIsRejectedNamingTheKey(String key, Object value) {
    String named = key.startsWith(JobWorkerConfig.CONSUMER_PREFIX) ? key.substring(JobWorkerConfig.CONSUMER_PREFIX.length())
        : key.startsWith(JobWorkerConfig.PRODUCER_PREFIX) ? key.substring(JobWorkerConfig.PRODUCER_PREFIX.length()) : key;
    assertThatThrownBy(() -> config(key, value))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(named);
  }

  @Test
  void missingJobTypeIsRejectedNamingTheKey() {
    Map<String, Object> props = base();
    props.remove(JobWorkerConfig.JOB_TYPE_CONFIG);
    assertThatThrownBy(() -> new JobWorkerConfig(props)).isInstanceOf(ConfigException.class).hasMessageContaining("job.type");
  }

  @Test
  void consumerGetsTheContractSettingsAndOnlyConsumerKeys() {
    Map<String, Object> consumer = config("security.protocol", "SSL", ProducerConfig.LINGER_MS_CONFIG, 7,
        JobWorkerConfig.CONSUMER_PREFIX + ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000,
        JobWorkerConfig.CONSUMER_PREFIX + ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic").consumerProperties();
    assertThat(consumer)
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "jobpipe.email.send")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)
        .containsEntry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")
        .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000)
        .containsEntry("security.protocol", "SSL")
        .containsEntry("bootstrap.servers", "broker:9092")
        .doesNotContainKeys(ProducerConfig.LINGER_MS_CONFIG, JobWorkerConfig.JOB_TYPE_CONFIG, JobWorkerConfig.CONCURRENCY_CONFIG);
    assertThat(config().consumerProperties()).containsEntry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
  }

  @Test
  void producerIsIdempotentWithAcksAll() {
    Map<String, Object> producer = config(ProducerConfig.ACKS_CONFIG, "all", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5,
        JobWorkerConfig.PRODUCER_PREFIX + ProducerConfig.LINGER_MS_CONFIG, 20).producerProperties();
    assertThat(producer)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20)
        .doesNotContainKey(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
  }
}
