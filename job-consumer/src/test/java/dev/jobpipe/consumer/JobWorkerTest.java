package dev.jobpipe.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class JobWorkerTest {

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

  static class StringHandler implements JobHandler<String> {
    @Override
    public void handle(Job<String> job) {}
  }

  @Test
  void withoutACodecTheRegistryUrlIsRequired() {
    assertThatThrownBy(() -> JobWorker.builder(job -> {})
        .config(Map.of(JobWorkerConfig.JOB_TYPE_CONFIG, "t", "bootstrap.servers", "localhost:9"))
        .consumer(consumer).producer(producer).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(JobWorkerConfig.SCHEMA_REGISTRY_URL_CONFIG);
  }

  @Test
  void invalidSettingIsRejectedBeforeAnythingIsCreated() {
    assertThatThrownBy(() -> JobWorker.builder(job -> {})
        .config(Map.of(JobWorkerConfig.JOB_TYPE_CONFIG, "t", JobWorkerConfig.CONCURRENCY_CONFIG, -1))
        .consumer(consumer).producer(producer).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(JobWorkerConfig.CONCURRENCY_CONFIG);
    assertThat(consumer.closed()).isFalse();
  }

  @Test
  void handlerWithANonAvroPayloadTypeIsRejected() {
    assertThatThrownBy(() -> JobWorker.builder(new StringHandler())
        .config(Map.of(JobWorkerConfig.JOB_TYPE_CONFIG, "t"))
        .consumer(consumer).producer(producer).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an Avro record");
  }

  @Test
  void jobRejectsAnAttemptBelowOne() {
    assertThatThrownBy(() -> new Job<>("id", "t", java.util.Optional.empty(), "p", 0, java.time.Instant.EPOCH,
        new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty(), "jobs.t", 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void orderingParsesConfigValues() {
    assertThat(Ordering.parse("Key")).isEqualTo(Ordering.KEY);
    assertThat(Ordering.NONE.configValue()).isEqualTo("none");
    assertThatThrownBy(() -> Ordering.parse("sometimes")).hasMessageContaining("partition, key or none");
  }
}
