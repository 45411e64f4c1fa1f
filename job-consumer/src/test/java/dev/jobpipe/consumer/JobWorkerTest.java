package dev.jobpipe.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.jobs.ImageResize;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class JobWorkerTest {

  private static final String REGISTRY = "http://localhost:9";

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

  static class StringHandler implements JobHandler<String> {
    @Override
    public void handle(Job<String> job) {}
  }

  static class EmailHandler implements JobHandler<EmailSend> {
    @Override
    public void handle(Job<EmailSend> job) {}
  }

  private <T> JobWorker.Builder<T> mocked(JobWorker.Builder<T> builder) {
    // an unreachable registry is not asked again: the payload check is skipped at once
    return builder.consumer(consumer).producer(producer).config("schema.registry.retries", 0);
  }

  @Test
  void withoutACodecTheRegistryUrlIsRequired() {
    assertThatThrownBy(() -> mocked(JobWorker.builder("t", GenericRecord.class, job -> {}))
        .bootstrapServers("localhost:9").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(JobWorkerConfig.SCHEMA_REGISTRY_URL_CONFIG);
  }

  @Test
  void invalidSettingIsRejectedBeforeAnythingIsCreated() {
    assertThatThrownBy(() -> mocked(JobWorker.builder("t", GenericRecord.class, job -> {})).concurrency(-1).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(JobWorkerConfig.CONCURRENCY_CONFIG);
    assertThat(consumer.closed()).isFalse();
  }

  @Test
  void typedSettersAndConfigKeysSetTheSameSettingsLastWriteWins() {
    try (JobWorker worker = mocked(JobWorker.builder("email.send", EmailSend.class, (Job<EmailSend> job) -> {}))
        .config(Map.of(JobWorkerConfig.CONCURRENCY_CONFIG, "3", JobWorkerConfig.SCHEMA_REGISTRY_URL_CONFIG, REGISTRY))
        .concurrency(7)
        .ordering(Ordering.PARTITION)
        .jobTimeout(Duration.ofSeconds(5))
        .drainTimeout(Duration.ofMillis(1500))
        .maxInFlightPerPartition(50)
        .commitInterval(Duration.ofMillis(200))
        .groupId("g")
        .config(JobWorkerConfig.MAX_INFLIGHT_PER_PARTITION_CONFIG, 60)
        .build()) {
      JobWorkerConfig config = worker.config();
      assertThat(config.jobType()).isEqualTo("email.send");
      assertThat(config.concurrency()).isEqualTo(7);
      assertThat(config.ordering()).isEqualTo(Ordering.PARTITION);
      assertThat(config.jobTimeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(config.shutdownDrainTimeout()).isEqualTo(Duration.ofMillis(1500));
      assertThat(config.maxInflightPerPartition()).isEqualTo(60);
      assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(200));
      assertThat(config.groupId()).isEqualTo("g");
    }
  }

  @Test
  void aConflictingJobTypeKeyIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> mocked(JobWorker.builder("t", GenericRecord.class, job -> {}))
        .config(JobWorkerConfig.JOB_TYPE_CONFIG, "other").schemaRegistryUrl(REGISTRY).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(JobWorkerConfig.JOB_TYPE_CONFIG);
  }

  @Test
  void aLambdaWithoutItsPayloadClassFailsAtBuildInOneLine() {
    JobHandler<EmailSend> lambda = job -> job.payload().getTo();
    assertThatThrownBy(() -> mocked(JobWorker.builder("t", lambda)).schemaRegistryUrl(REGISTRY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot determine the payload type")
        .hasMessageNotContaining("\n");
    assertThat(consumer.closed()).isFalse();
  }

  @Test
  void aHandlerClassNamesItsOwnPayloadType() {
    try (JobWorker worker = mocked(JobWorker.builder("t", new EmailHandler())).schemaRegistryUrl(REGISTRY).build()) {
      assertThat(worker.config().jobType()).isEqualTo("t");
    }
  }

  @Test
  void aPayloadClassThatDoesNotFitTheHandlerFailsAtBuildNamingBothTypes() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    JobHandler<ImageResize> mistyped = (JobHandler) new EmailHandler();
    assertThatThrownBy(() -> mocked(JobWorker.builder("t", ImageResize.class, mistyped)).schemaRegistryUrl(REGISTRY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(EmailSend.class.getName())
        .hasMessageContaining(ImageResize.class.getName());
  }

  @Test
  void handlerWithANonAvroPayloadTypeIsRejected() {
    assertThatThrownBy(() -> mocked(JobWorker.builder("t", new StringHandler())).schemaRegistryUrl(REGISTRY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an Avro record");
  }

  @Test
  void lifecycleCloseIsIdempotentAndAwaitTerminationReturnsAfterIt() throws Exception {
    JobWorker worker = mocked(JobWorker.builder("t", GenericRecord.class, job -> {})).schemaRegistryUrl(REGISTRY).build();
    try (worker) {
      worker.start();
      assertThat(worker.awaitTermination(Duration.ofMillis(50))).isFalse();
    }
    assertThat(worker.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThat(worker.terminated()).isTrue();
    worker.close();
    assertThat(consumer.closed()).isTrue();
    assertThat(worker.failure()).isEmpty();
  }

  @Test
  void closingAWorkerThatNeverStartedReleasesItsClients() throws Exception {
    JobWorker worker = mocked(JobWorker.builder("t", GenericRecord.class, job -> {})).schemaRegistryUrl(REGISTRY).build();
    worker.close();
    worker.close();
    assertThat(worker.awaitTermination(Duration.ZERO)).isTrue();
    assertThat(consumer.closed()).isTrue();
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
