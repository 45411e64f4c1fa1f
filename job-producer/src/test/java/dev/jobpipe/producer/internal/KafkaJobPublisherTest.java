package dev.jobpipe.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.producer.BrokerUnavailableException;
import dev.jobpipe.producer.DeliveryFailedException;
import dev.jobpipe.producer.InvalidPayloadException;
import dev.jobpipe.producer.JobPublishException;
import dev.jobpipe.producer.JobReceipt;
import dev.jobpipe.producer.JobRequest;
import dev.jobpipe.producer.PayloadTooLargeException;
import dev.jobpipe.producer.RegistryUnreachableException;
import dev.jobpipe.producer.UnknownJobTypeException;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.jobs.ImageResize;
import dev.jobpipe.schemas.registry.RegistryUnavailableException;
import dev.jobpipe.schemas.registry.SchemaRegistryException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KafkaJobPublisherTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final String TYPE = "image.resize";
  private static final String TOPIC = "jobs.image.resize";
  private static final String SCHEDULED = "jobs.image.resize.scheduled";
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final byte[] VALUE = {0, 0, 0, 0, 7, 42};

  private MockProducer<byte[], byte[]> producer;
  private final List<String> subjects = new ArrayList<>();
  private final AtomicInteger describeCalls = new AtomicInteger();
  private PayloadEncoder encoder;
  private TopicMetadata topics;
  private int topicMaxBytes;
  private int maxRequestSize;

  @BeforeEach
  void setUp() {
    producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    encoder = (subject, payload) -> {
      subjects.add(subject);
      return VALUE;
    };
    topicMaxBytes = 1_048_588;
    maxRequestSize = 1_048_576;
    topics = topic -> {
      describeCalls.incrementAndGet();
      if (!topic.equals(TOPIC) && !topic.equals(SCHEDULED)) {
        throw new UnknownTopicOrPartitionException("This server does not host this topic-partition.");
      }
      return new TopicMetadata.TopicInfo(topic, 3, topicMaxBytes);
    };
  }

  private KafkaJobPublisher publisher() {
    return new KafkaJobPublisher(producer, encoder, topics,
        new UuidV7Generator(Clock.fixed(NOW, ZoneOffset.UTC), () -> 12345L),
        Clock.fixed(NOW, ZoneOffset.UTC), maxRequestSize, 3000, List.of());
  }

  private static ImageResize payload() {
    return ImageResize.newBuilder().setImageUrl("s3://bucket/cat.png").setWidth(64).setHeight(48).build();
  }

  private static Throwable failure(CompletableFuture<?> future) {
    assertThat(future).isCompletedExceptionally();
    try {
      future.get();
      throw new AssertionError("not failed");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void writesTheHeadersOfTheContractAndTheEncodedValue() {
    var publisher = publisher();
    publisher.publish(JobRequest.builder(TYPE, payload()).traceparent(TRACEPARENT).header("tenant", "acme").build());

    ProducerRecord<byte[], byte[]> record = producer.history().getFirst();
    assertThat(record.topic()).isEqualTo(TOPIC);
    assertThat(record.value()).isEqualTo(VALUE);
    assertThat(record.timestamp()).isEqualTo(NOW.toEpochMilli());
    assertThat(subjects).containsExactly("jobs.image.resize-value");
    String jobId = JobHeaders.jobId(record.headers()).orElseThrow();
    UUID id = UUID.fromString(jobId);
    assertThat(id.version()).isEqualTo(7);
    assertThat(UuidV7Generator.timestampOf(id)).isEqualTo(NOW.toEpochMilli());
    assertThat(JobHeaders.string(record.headers(), JobHeaders.JOB_TYPE)).contains(TYPE);
    assertThat(JobHeaders.string(record.headers(), JobHeaders.ATTEMPT)).contains("1");
    assertThat(JobHeaders.instant(record.headers(), JobHeaders.ENQUEUED_AT)).contains(NOW);
    assertThat(JobHeaders.string(record.headers(), JobHeaders.TRACEPARENT)).contains(TRACEPARENT);
    assertThat(JobHeaders.string(record.headers(), "tenant")).contains("acme");
    assertThat(new String(record.key())).as("no key: the job id is the key").isEqualTo(jobId);
  }

  @Test
  void withoutATraceparentThereIsNoTraceparentHeader() {
    publisher().publish(TYPE, payload());
    assertThat(producer.history().getFirst().headers().lastHeader(JobHeaders.TRACEPARENT)).isNull();
  }

  @Test
  void completesWithAReceiptWhenTheBrokerAcknowledges() throws Exception {
    CompletableFuture<JobReceipt> future = publisher().publish(TYPE, "user-7", payload());
    assertThat(future).isNotDone();
    producer.completeNext();

    JobReceipt receipt = future.get();
    ProducerRecord<byte[], byte[]> record = producer.history().getFirst();
    assertThat(receipt.jobId()).isEqualTo(JobHeaders.jobId(record.headers()).orElseThrow());
    assertThat(receipt.topic()).isEqualTo(TOPIC);
    assertThat(receipt.offset()).isZero();
    assertThat(receipt.timestamp()).isEqualTo(NOW);
    assertThat(new String(record.key())).isEqualTo("user-7");
  }

  @Test
  void aCallersJobIdIsUsedAndMayBePublishedTwice() {
    var publisher = publisher();
    JobRequest request = JobRequest.builder(TYPE, payload()).jobId("order-991").build();
    publisher.publish(request);
    publisher.publish(request);
    producer.completeNext();
    producer.completeNext();
    assertThat(producer.history()).hasSize(2)
        .allSatisfy(r -> assertThat(JobHeaders.jobId(r.headers())).contains("order-991"));
  }

  @Test
  void deliveryTimeoutFailsTheFutureAsBrokerUnavailable() {
    CompletableFuture<JobReceipt> future = publisher().publish(TYPE, payload());
    producer.errorNext(new TimeoutException("Expiring 1 record(s) for jobs.image.resize-0: 3000 ms has passed"));

    Throwable error = failure(future);
    assertThat(error).isInstanceOf(BrokerUnavailableException.class)
        .hasMessageContaining("delivery.timeout.ms=3000")
        .hasCauseInstanceOf(TimeoutException.class);
    assertThat(((JobPublishException) error).isRetriable()).isTrue();
  }

  @Test
  void aNonRetriableBrokerErrorIsADeliveryFailure() {
    CompletableFuture<JobReceipt> future = publisher().publish(TYPE, payload());
    producer.errorNext(new TopicAuthorizationException("not authorized"));

    Throwable error = failure(future);
    assertThat(error).isExactlyInstanceOf(DeliveryFailedException.class).hasMessageContaining("not authorized");
    assertThat(((JobPublishException) error).isRetriable()).isFalse();
  }

  @Test
  void aRecordTooLargeFromTheBrokerIsPayloadTooLarge() {
    CompletableFuture<JobReceipt> future = publisher().publish(TYPE, payload());
    producer.errorNext(new RecordTooLargeException("too large"));
    assertThat(failure(future)).isInstanceOf(PayloadTooLargeException.class);
  }

  @Test
  void anExceptionThrownBySendFailsTheFuture() {
    producer.sendException = new org.apache.kafka.common.KafkaException("buffer exhausted");
    CompletableFuture<JobReceipt> future = publisher().publish(TYPE, payload());
    assertThat(failure(future)).isInstanceOf(DeliveryFailedException.class).hasMessageContaining("buffer exhausted");
  }

  @Test
  void aClosedPublisherFailsTheFuture() {
    var publisher = publisher();
    publisher.close();
    assertThat(producer.closed()).isTrue();
    assertThat(failure(publisher.publish(TYPE, payload()))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void lifecycleCloseIsIdempotentAndAwaitTerminationReturnsAfterIt() throws Exception {
    AtomicInteger resourceCloses = new AtomicInteger();
    var publisher = new KafkaJobPublisher(producer, encoder, topics,
        new UuidV7Generator(Clock.fixed(NOW, ZoneOffset.UTC), () -> 12345L),
        Clock.fixed(NOW, ZoneOffset.UTC), maxRequestSize, 3000, List.of(resourceCloses::incrementAndGet));
    try (publisher) {
      publisher.start();
      assertThat(publisher.awaitTermination(Duration.ofMillis(20))).isFalse();
    }
    assertThat(publisher.awaitTermination(Duration.ofSeconds(5))).isTrue();
    publisher.close();
    assertThat(producer.closed()).isTrue();
    assertThat(resourceCloses).hasValue(1);
  }

  @Test
  void closeFlushesNothingLostInFlightJobsCompleteFirst() {
    var publisher = publisher();
    CompletableFuture<JobReceipt> future = publisher.publish(TYPE, payload());
    producer.completeNext();
    publisher.close();
    assertThat(future).isCompleted();
  }

  @Test
  void aTypeWithoutTopicIsUnknownAndNothingIsSent() {
    Throwable error = failure(publisher().publish("orders.ship", payload()));
    assertThat(error).isInstanceOf(UnknownJobTypeException.class)
        .hasMessageContaining("jobs.orders.ship does not exist")
        .hasMessageContaining("jobpipe topics apply --type orders.ship");
    assertThat(((UnknownJobTypeException) error).type()).isEqualTo("orders.ship");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void anInvalidTypeNameIsUnknown() {
    assertThat(failure(publisher().publish("Bad Type!", payload()))).isInstanceOf(UnknownJobTypeException.class)
        .hasMessageContaining("invalid job type");
    assertThat(describeCalls).hasValue(0);
  }

  @Test
  void nullArgumentsFailTheFuture() {
    var publisher = publisher();
    assertThat(failure(publisher.publish(null, payload()))).isInstanceOf(UnknownJobTypeException.class);
    assertThat(failure(publisher.publish(TYPE, null))).isInstanceOf(InvalidPayloadException.class);
    assertThat(failure(publisher.publish((JobRequest) null))).isInstanceOf(InvalidPayloadException.class);
  }

  @Test
  void theTopicIsCheckedOncePerType() {
    var publisher = publisher();
    for (int i = 0; i < 100; i++) {
      publisher.publish(TYPE, payload());
    }
    assertThat(describeCalls).hasValue(1);
    assertThat(producer.history()).hasSize(100);
  }

  @Test
  void aTopicCheckTimeoutIsBrokerUnavailableAndIsNotCached() {
    AtomicInteger calls = new AtomicInteger();
    TopicMetadata healthy = topics;
    topics = topic -> {
      if (calls.incrementAndGet() == 1) {
        throw new TimeoutException("no answer about topic " + topic + " within 10 ms");
      }
      return healthy.describe(topic);
    };
    var publisher = publisher();
    assertThat(failure(publisher.publish(TYPE, payload()))).isInstanceOf(BrokerUnavailableException.class)
        .hasMessageContaining("cannot check topic jobs.image.resize");
    publisher.publish(TYPE, payload());
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void verifyTypeThrowsTheTypedError() {
    var publisher = publisher();
    publisher.verifyType(TYPE);
    assertThatThrownBy(() -> publisher.verifyType("orders.ship")).isInstanceOf(UnknownJobTypeException.class);
  }

  @Test
  void registryOutageIsRegistryUnreachableWithTheCause() {
    RegistryUnavailableException outage =
        new RegistryUnavailableException("http://localhost:8081: connection refused", new ConnectException("refused"));
    encoder = (subject, payload) -> {
      throw outage;
    };
    Throwable error = failure(publisher().publish(TYPE, payload()));
    assertThat(error).isInstanceOf(RegistryUnreachableException.class)
        .hasMessageContaining("jobs.image.resize-value")
        .hasCause(outage);
    assertThat(((JobPublishException) error).isRetriable()).isTrue();
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void aSchemaRefusedByTheRegistryIsAnInvalidPayload() {
    encoder = (subject, payload) -> {
      throw new SchemaRegistryException("Schema being registered is incompatible with an earlier schema", 409, 409);
    };
    assertThat(failure(publisher().publish(TYPE, payload()))).isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("incompatible");
  }

  @Test
  void aPayloadThatDoesNotFitTheSchemaNamesTheField() {
    encoder = (subject, payload) -> {
      throw new IllegalArgumentException("field 'width': expected int");
    };
    Throwable error = failure(publisher().publish(TYPE, payload()));
    assertThat(error).isInstanceOf(InvalidPayloadException.class).hasMessageContaining("field 'width'");
    assertThat(((JobPublishException) error).isRetriable()).isFalse();
  }

  @Test
  void aPayloadOverTheTopicLimitIsRefusedBeforeSendingWithBothSizes() {
    topicMaxBytes = 1000;
    encoder = (subject, payload) -> new byte[2000];
    Throwable error = failure(publisher().publish(TYPE, payload()));
    assertThat(error).isInstanceOf(PayloadTooLargeException.class)
        .hasMessageContaining("2000 bytes")
        .hasMessageContaining("limit of 1000 bytes")
        .hasMessageContaining("max.message.bytes=1000")
        .hasMessageContaining("max.request.size=1048576");
    assertThat(((PayloadTooLargeException) error).payloadBytes()).isEqualTo(2000);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void aPayloadOverMaxRequestSizeIsRefusedToo() {
    maxRequestSize = 500;
    encoder = (subject, payload) -> new byte[501];
    assertThat(failure(publisher().publish(TYPE, payload()))).isInstanceOf(PayloadTooLargeException.class)
        .hasMessageContaining("limit of 500 bytes");
    encoder = (subject, payload) -> new byte[500];
    assertThat(publisher().publish(TYPE, payload())).isNotCompletedExceptionally();
  }

  @Test
  void publishAllKeepsTheOrderOfTheRequests() throws Exception {
    List<JobRequest> requests = List.of(
        JobRequest.builder(TYPE, payload()).jobId("a").build(),
        JobRequest.builder("orders.ship", payload()).jobId("b").build(),
        JobRequest.builder(TYPE, payload()).jobId("c").build());
    List<CompletableFuture<JobReceipt>> futures = publisher().publishAll(requests);
    producer.completeNext();
    producer.completeNext();
    assertThat(futures.get(0).get().jobId()).isEqualTo("a");
    assertThat(failure(futures.get(1))).isInstanceOf(UnknownJobTypeException.class);
    assertThat(futures.get(2).get().jobId()).isEqualTo("c");
  }

  @Test
  void sameKeySameRecordKey() {
    var publisher = publisher();
    publisher.publish(TYPE, "k1", payload());
    publisher.publish(TYPE, "k1", payload());
    assertThat(producer.history()).extracting(r -> new String(r.key())).containsExactly("k1", "k1");
  }

  @Test
  void jobRequestRefusesHeadersThatAreJobpipes() {
    assertThatThrownBy(() -> JobRequest.builder(TYPE, payload()).header(JobHeaders.ATTEMPT, "5").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jobpipe.attempt");
    assertThatThrownBy(() -> JobRequest.builder(TYPE, payload()).header("traceparent", TRACEPARENT).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JobRequest.builder(TYPE, payload()).traceparent("nope").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid traceparent");
    assertThatThrownBy(() -> JobRequest.builder(TYPE, payload()).jobId(" ").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid job id");
  }

  @Test
  void extraHeadersAreCopied() {
    Map<String, String> headers = new java.util.HashMap<>(Map.of("a", "1"));
    JobRequest request = new JobRequest(TYPE, payload(), null, null, null, headers);
    headers.put("b", "2");
    assertThat(request.headers()).containsOnlyKeys("a");
  }

  @Test
  void scheduleWritesTheJobKeyedByIdWithDueTimeAndOrderingKey() {
    var publisher = publisher();
    Instant due = NOW.plusSeconds(90);
    CompletableFuture<JobReceipt> receipt = publisher.schedule(TYPE, "customer-7", payload(), due);

    ProducerRecord<byte[], byte[]> record = producer.history().getFirst();
    assertThat(record.topic()).isEqualTo(SCHEDULED);
    assertThat(record.value()).isEqualTo(VALUE);
    assertThat(subjects).containsExactly("jobs.image.resize-value");
    String jobId = JobHeaders.jobId(record.headers()).orElseThrow();
    assertThat(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(jobId);
    assertThat(JobHeaders.notBefore(record.headers())).contains(due);
    assertThat(JobHeaders.string(record.headers(), JobHeaders.ORDERING_KEY)).contains("customer-7");
    assertThat(JobHeaders.attempt(record.headers())).isEqualTo(1);
    producer.completeNext();
    assertThat(receipt.join().topic()).isEqualTo(SCHEDULED);
  }

  @Test
  void scheduleAfterCountsFromThePublishersClockAndOmitsAnAbsentKey() {
    var publisher = publisher();
    publisher.scheduleAfter(TYPE, null, payload(), java.time.Duration.ofSeconds(5));

    ProducerRecord<byte[], byte[]> record = producer.history().getFirst();
    assertThat(JobHeaders.notBefore(record.headers())).contains(NOW.plusSeconds(5));
    assertThat(record.headers().lastHeader(JobHeaders.ORDERING_KEY)).isNull();
    assertThat(failure(publisher.scheduleAfter(TYPE, null, payload(), java.time.Duration.ofSeconds(-1))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cancelWritesATombstoneForTheJobId() {
    var publisher = publisher();
    publisher.cancelScheduled(TYPE, "job-1");

    ProducerRecord<byte[], byte[]> record = producer.history().getFirst();
    assertThat(record.topic()).isEqualTo(SCHEDULED);
    assertThat(record.key()).isEqualTo("job-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(record.value()).isNull();
    assertThat(failure(publisher.cancelScheduled(TYPE, " "))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scheduleFailsWithoutTheScheduledTopicAndWritesNothing() {
    topics = topic -> {
      if (!topic.equals(TOPIC)) {
        throw new UnknownTopicOrPartitionException("This server does not host this topic-partition.");
      }
      return new TopicMetadata.TopicInfo(topic, 3, topicMaxBytes);
    };
    Throwable error = failure(publisher().schedule(TYPE, null, payload(), NOW.plusSeconds(1)));
    assertThat(error).isInstanceOf(UnknownJobTypeException.class).hasMessageContaining(SCHEDULED);
    assertThat(producer.history()).isEmpty();
  }
}
