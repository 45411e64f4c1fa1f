package dev.jobpipe.producer;

import static dev.jobpipe.producer.ItSupport.publisherConfig;
import static dev.jobpipe.producer.ItSupport.readAll;
import static dev.jobpipe.producer.ItSupport.uniqueType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.jobs.ImageResize;
import dev.jobpipe.schemas.jobs.ReportGenerate;
import dev.jobpipe.schemas.registry.RegistryUnavailableException;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import org.apache.avro.generic.GenericData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(JobpipeStackExtension.class)
class JobPublisherIT {

  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private static ImageResize image(int width) {
    return ImageResize.newBuilder().setImageUrl("s3://bucket/" + width + ".png").setWidth(width).setHeight(10).build();
  }

  private static Throwable failure(CompletableFuture<?> future) {
    try {
      future.get(60, TimeUnit.SECONDS);
      throw new AssertionError("the publish succeeded");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void publishedJobsCarryTheContractHeadersAndDecodeToThePayload(JobpipeStack stack) throws Exception {
    String type = uniqueType("it.publish");
    stack.createTopic("jobs." + type, 3);
    Instant before = Instant.now();
    JobReceipt plain;
    JobReceipt full;
    try (JobPublisher publisher = JobPublisher.create(publisherConfig(stack, Map.of()))) {
      plain = publisher.publish(type, image(1)).get(30, TimeUnit.SECONDS);
      full = publisher.publish(JobRequest.builder(type, image(2))
          .key("user-42").jobId("order-7").traceparent(TRACEPARENT).header("tenant", "acme").build())
          .get(30, TimeUnit.SECONDS);
    }

    Map<String, ConsumerRecord<byte[], byte[]>> byId = readAll(stack, "jobs." + type).stream()
        .collect(Collectors.toMap(r -> JobHeaders.jobId(r.headers()).orElseThrow(), r -> r));
    assertThat(byId).containsOnlyKeys(plain.jobId(), "order-7");
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl())) {
      AvroCodec codec = new AvroCodec(registry, false);

      ConsumerRecord<byte[], byte[]> first = byId.get(plain.jobId());
      assertThat(UUID.fromString(plain.jobId()).version()).isEqualTo(7);
      assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo(plain.jobId());
      assertThat(JobHeaders.string(first.headers(), JobHeaders.JOB_TYPE)).contains(type);
      assertThat(JobHeaders.attempt(first.headers())).isEqualTo(1);
      assertThat(JobHeaders.instant(first.headers(), JobHeaders.ENQUEUED_AT).orElseThrow())
          .isBetween(before.minusSeconds(1), Instant.now()).isEqualTo(Instant.ofEpochMilli(first.timestamp()));
      assertThat(first.headers().lastHeader(JobHeaders.TRACEPARENT)).isNull();
      assertThat(first.partition()).isEqualTo(plain.partition());
      assertThat(first.offset()).isEqualTo(plain.offset());
      assertThat(codec.decode(first.value(), ImageResize.class)).isEqualTo(image(1));

      ConsumerRecord<byte[], byte[]> second = byId.get("order-7");
      assertThat(new String(second.key(), StandardCharsets.UTF_8)).isEqualTo("user-42");
      assertThat(JobHeaders.string(second.headers(), JobHeaders.TRACEPARENT)).contains(TRACEPARENT);
      assertThat(JobHeaders.string(second.headers(), "tenant")).contains("acme");
      assertThat(codec.decode(second.value(), ImageResize.class)).isEqualTo(image(2));
      assertThat(registry.latest("jobs." + type + "-value").schema()).isEqualTo(ImageResize.getClassSchema());
    }
  }

  @Test
  void jobsOfOneKeyStayInOrderInOnePartition(JobpipeStack stack) throws Exception {
    String type = uniqueType("it.order");
    stack.createTopic("jobs." + type, 3);
    List<String> keys = List.of("alice", "bob", "carol", "dave");
    List<CompletableFuture<JobReceipt>> futures = new ArrayList<>();
    try (JobPublisher publisher = JobPublisher.create(publisherConfig(stack, Map.of()))) {
      for (int seq = 0; seq < 25; seq++) {
        for (String key : keys) {
          futures.add(publisher.publish(type, key, image(seq)));
        }
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    Map<String, List<ConsumerRecord<byte[], byte[]>>> byKey = readAll(stack, "jobs." + type).stream()
        .collect(Collectors.groupingBy(r -> new String(r.key(), StandardCharsets.UTF_8)));
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl())) {
      AvroCodec codec = new AvroCodec(registry, false);
      assertThat(byKey).containsOnlyKeys(keys);
      for (String key : keys) {
        List<ConsumerRecord<byte[], byte[]>> records = byKey.get(key);
        assertThat(records).extracting(ConsumerRecord::partition).as(key).containsOnly(records.getFirst().partition());
        List<Integer> widths = records.stream()
            .sorted((a, b) -> Long.compare(a.offset(), b.offset()))
            .map(r -> codec.decode(r.value(), ImageResize.class).getWidth()).toList();
        assertThat(widths).as(key).hasSize(25).isSorted().doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void whileTheBrokerIsDownPublishesFailAfterTheDeliveryTimeoutAndNoneSucceedsFalsely(JobpipeStack stack)
      throws Exception {
    String type = uniqueType("it.outage");
    stack.createTopic("jobs." + type, 2);
    Map<String, Object> config = publisherConfig(stack, Map.of(JobPublisherConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000));
    Set<String> acknowledged = new HashSet<>();
    List<CompletableFuture<JobReceipt>> duringOutage = new ArrayList<>();
    try (JobPublisher publisher = JobPublisher.create(config)) {
      for (int i = 0; i < 10; i++) {
        acknowledged.add(publisher.publish(type, image(i)).get(30, TimeUnit.SECONDS).jobId());
      }
      stack.stopBroker();
      // one caller thread per publish: once the producer has dropped the topic's metadata, each
      // publish blocks its caller up to max.block.ms (the delivery timeout here), and ten in a row
      // would hold the broker down ten times as long
      try (ExecutorService callers = Executors.newFixedThreadPool(10)) {
        List<Future<CompletableFuture<JobReceipt>>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          JobRequest request = JobRequest.builder(type, image(100 + i)).jobId("outage-" + i).build();
          calls.add(callers.submit(() -> publisher.publish(request)));
        }
        for (Future<CompletableFuture<JobReceipt>> call : calls) {
          duringOutage.add(call.get(60, TimeUnit.SECONDS));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> duringOutage.stream().allMatch(CompletableFuture::isDone));
      } finally {
        stack.startBroker();
      }
      for (CompletableFuture<JobReceipt> future : duringOutage) {
        Throwable error = failure(future);
        assertThat(error).isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("delivery.timeout.ms=3000");
        assertThat(((JobPublishException) error).isRetriable()).isTrue();
      }
      // the same publisher recovers once the broker is back (a retry during the restart may or may
      // not have been stored: that is at-least-once, so those ids are only required when acknowledged)
      int[] attempt = {0};
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> acknowledged.add(publisher.publish(
          JobRequest.builder(type, image(999)).jobId("recovery-" + attempt[0]++).build()).get(10, TimeUnit.SECONDS).jobId()));
    }

    List<String> stored = readAll(stack, "jobs." + type).stream()
        .map(r -> JobHeaders.jobId(r.headers()).orElseThrow()).toList();
    assertThat(stored).as("every acknowledged job is stored").containsAll(acknowledged);
    assertThat(stored).as("no job whose future failed while the broker was down is stored")
        .noneMatch(id -> id.startsWith("outage-"));
    assertThat(stored.stream().filter(id -> !id.startsWith("recovery-"))).as("no duplicates").hasSize(10);
  }

  @Test
  void anUnreachableRegistryIsATypedErrorAndKnownSchemasKeepWorking(JobpipeStack stack) throws Exception {
    String type = uniqueType("it.registry");
    stack.createTopic("jobs." + type, 1);
    Map<String, Object> config = publisherConfig(stack, Map.of("schema.registry.retries", 1));
    try (JobPublisher publisher = JobPublisher.create(config)) {
      publisher.publish(type, image(1)).get(30, TimeUnit.SECONDS);
      ReportGenerate report = ReportGenerate.newBuilder().setAccountId("a").setReportName("r")
          .setFromEpochDay(1).setToEpochDay(2).build();
      stack.cutRegistry();
      try {
        Throwable error = failure(publisher.publish(type, report));
        assertThat(error).isInstanceOf(RegistryUnreachableException.class)
            .hasMessageContaining("jobs." + type + "-value")
            .hasCauseInstanceOf(RegistryUnavailableException.class);
        assertThat(((JobPublishException) error).isRetriable()).isTrue();
        // the id of ImageResize is cached: publishing it needs no registry
        assertThat(publisher.publish(type, image(2)).get(30, TimeUnit.SECONDS).topic()).isEqualTo("jobs." + type);
      } finally {
        stack.restoreRegistry();
      }
    }
  }

  @Test
  void aPayloadOverTheTopicsMaxMessageBytesIsRefusedBeforeSending(JobpipeStack stack) throws Exception {
    String type = uniqueType("it.size");
    String topic = "jobs." + type;
    try (Admin admin = Admin.create(stack.clientProperties())) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
          .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4096")))).all().get(30, TimeUnit.SECONDS);
    }
    Map<String, String> parameters = new HashMap<>();
    for (int i = 0; i < 500; i++) {
      parameters.put("key-" + i, "value-" + i);
    }
    ReportGenerate big = ReportGenerate.newBuilder().setAccountId("a").setReportName("r")
        .setFromEpochDay(1).setToEpochDay(2).setParameters(parameters).build();
    try (JobPublisher publisher = JobPublisher.create(publisherConfig(stack, Map.of()))) {
      await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(UnknownJobTypeException.class)
          .untilAsserted(() -> publisher.verifyType(type));
      Throwable error = failure(publisher.publish(type, big));
      assertThat(error).isInstanceOf(PayloadTooLargeException.class)
          .hasMessageContaining("max.message.bytes=4096")
          .hasMessageContaining("max.request.size=1048576")
          .hasMessageContaining(((PayloadTooLargeException) error).payloadBytes() + " bytes");
      assertThat(((PayloadTooLargeException) error).payloadBytes()).isGreaterThan(4096);
    }
    assertThat(readAll(stack, topic)).isEmpty();
  }

  @Test
  void aPayloadThatDoesNotFitItsSchemaIsRefusedNamingTheField(JobpipeStack stack) {
    String type = uniqueType("it.invalid");
    stack.createTopic("jobs." + type, 1);
    GenericData.Record incomplete = new GenericData.Record(ImageResize.getClassSchema());
    incomplete.put("imageUrl", "s3://b/x.png");
    incomplete.put("height", 3);
    incomplete.put("format", new GenericData.EnumSymbol(ImageResize.getClassSchema().getField("format").schema(), "PNG"));
    try (JobPublisher publisher = JobPublisher.create(publisherConfig(stack, Map.of()))) {
      Throwable error = failure(publisher.publish(type, incomplete));
      assertThat(error).isInstanceOf(InvalidPayloadException.class).hasMessageContaining("width");
      assertThat(((JobPublishException) error).isRetriable()).isFalse();
    }
    assertThat(readAll(stack, "jobs." + type)).isEmpty();
  }

  @Test
  void aTypeWithoutTopicIsUnknown(JobpipeStack stack) {
    String type = uniqueType("it.missing");
    try (JobPublisher publisher = JobPublisher.create(publisherConfig(stack, Map.of()))) {
      assertThat(failure(publisher.publish(type, image(1)))).isInstanceOf(UnknownJobTypeException.class)
          .hasMessageContaining("jobs." + type + " does not exist");
      assertThatThrownBy(() -> publisher.verifyType(type)).isInstanceOf(UnknownJobTypeException.class);
    }
  }
}
