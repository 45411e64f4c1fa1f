package dev.jobpipe.producer.internal;

import dev.jobpipe.producer.BrokerUnavailableException;
import dev.jobpipe.producer.DeliveryFailedException;
import dev.jobpipe.producer.InvalidPayloadException;
import dev.jobpipe.producer.JobPublishException;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobPublisherConfig;
import dev.jobpipe.producer.JobReceipt;
import dev.jobpipe.producer.JobRequest;
import dev.jobpipe.producer.PayloadTooLargeException;
import dev.jobpipe.producer.RegistryUnreachableException;
import dev.jobpipe.producer.UnknownJobTypeException;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.registry.RegistryUnavailableException;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.registry.SchemaRegistryException;
import dev.jobpipe.schemas.serde.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link JobPublisher} on a Kafka producer. Per job type the route (topic, subject, size limit,
 * header bytes) is resolved once and cached, so the per-job path is: id, encode (the codec caches
 * schema ids), size check, headers, {@code send}. No registry call, admin call or reflection per job.
 */
public final class KafkaJobPublisher implements JobPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaJobPublisher.class);
  private static final byte[] FIRST_ATTEMPT = "1".getBytes(StandardCharsets.US_ASCII);

  private final Producer<byte[], byte[]> producer;
  private final PayloadEncoder encoder;
  private final TopicMetadata topicMetadata;
  private final UuidV7Generator ids;
  private final Clock clock;
  private final int maxRequestSize;
  private final int deliveryTimeoutMs;
  private final List<AutoCloseable> resources;
  private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Route> scheduledRoutes = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private final CountDownLatch terminated = new CountDownLatch(1);
  /** The enqueued-at header value of the current millisecond, shared by the jobs published in it. */
  private volatile MillisText enqueuedAt = new MillisText(Long.MIN_VALUE, new byte[0]);

  /**
   * @param resources closed after the producer, e.g. the admin and registry clients
   */
  public KafkaJobPublisher(
      Producer<byte[], byte[]> producer,
      PayloadEncoder encoder,
      TopicMetadata topicMetadata,
      UuidV7Generator ids,
      Clock clock,
      int maxRequestSize,
      int deliveryTimeoutMs,
      List<AutoCloseable> resources) {
    this.producer = producer;
    this.encoder = encoder;
    this.topicMetadata = topicMetadata;
    this.ids = ids;
    this.clock = clock;
    this.maxRequestSize = maxRequestSize;
    this.deliveryTimeoutMs = deliveryTimeoutMs;
    this.resources = List.copyOf(resources);
  }

  /** A publisher with a real producer, admin client and registry-backed codec. */
  public static KafkaJobPublisher create(JobPublisherConfig config) {
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      SchemaRegistryClient registry = SchemaRegistryClient.create(config.registryConfig());
      opened.add(registry);
      Admin admin = Admin.create(config.adminProperties());
      // pending topic checks are moot once the publisher closes: do not wait for their timeouts
      opened.add(() -> admin.close(Duration.ZERO));
      Producer<byte[], byte[]> producer = new KafkaProducer<>(config.producerProperties());
      AvroCodec codec = new AvroCodec(registry, true);
      return new KafkaJobPublisher(
          producer,
          codec::encode,
          new AdminTopicMetadata(admin, Duration.ofMillis(config.topicMetadataTimeoutMs())),
          new UuidV7Generator(),
          Clock.systemUTC(),
          config.maxRequestSize(),
          config.deliveryTimeoutMs(),
          opened);
    } catch (RuntimeException e) {
      closeAll(opened);
      throw e;
    }
  }

  @Override
  public CompletableFuture<JobReceipt> publish(JobRequest request) {
    return submit(request, null);
  }

  @Override
  public CompletableFuture<JobReceipt> schedule(JobRequest request, Instant at) {
    if (at == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("due time is null"));
    }
    return submit(request, at);
  }

  @Override
  public CompletableFuture<JobReceipt> scheduleAfter(String type, String key, IndexedRecord payload, Duration delay) {
    if (delay == null || delay.isNegative()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("delay must be zero or positive, was " + delay));
    }
    return schedule(type, key, payload, clock.instant().plus(delay));
  }

  @Override
  public CompletableFuture<JobReceipt> cancelScheduled(String type, String jobId) {
    CompletableFuture<JobReceipt> result = new CompletableFuture<>();
    try {
      if (closed) {
        throw new IllegalStateException("the job publisher is closed");
      }
      if (jobId == null || jobId.isBlank()) {
        throw new IllegalArgumentException("job id to cancel is blank");
      }
      Route route = scheduledRoute(type);
      RecordHeaders headers = new RecordHeaders();
      headers.add(JobHeaders.JOB_ID, jobId.getBytes(StandardCharsets.UTF_8));
      headers.add(JobHeaders.JOB_TYPE, route.typeBytes());
      long now = clock.millis();
      producer.send(new ProducerRecord<>(route.topic(), null, now, jobId.getBytes(StandardCharsets.UTF_8), null, headers),
          (metadata, error) -> complete(result, jobId, route.topic(), now, metadata, error));
    } catch (JobPublishException | IllegalStateException | IllegalArgumentException e) {
      result.completeExceptionally(e);
    } catch (RuntimeException e) {
      result.completeExceptionally(deliveryError(jobId, JobTopics.of(type).scheduled(), e));
    }
    return result;
  }

  private CompletableFuture<JobReceipt> submit(JobRequest request, Instant notBefore) {
    if (request == null) {
      return CompletableFuture.failedFuture(new InvalidPayloadException("job request is null", null));
    }
    CompletableFuture<JobReceipt> result = new CompletableFuture<>();
    try {
      send(request, notBefore, result);
    } catch (JobPublishException | IllegalStateException e) {
      result.completeExceptionally(e);
    } catch (RuntimeException e) {
      // anything else thrown synchronously by send(): the job was not handed to the producer
      result.completeExceptionally(deliveryError(request.jobId(), JobTopics.of(request.type()).main(), e));
    }
    return result;
  }

  /** Sends to {@code jobs.T}, or to {@code jobs.T.scheduled} keyed by job id when {@code notBefore} is set. */
  private void send(JobRequest request, Instant notBefore, CompletableFuture<JobReceipt> result) {
    if (closed) {
      throw new IllegalStateException("the job publisher is closed");
    }
    Route route = notBefore == null ? route(request.type()) : scheduledRoute(request.type());
    byte[] value = encode(route, request);
    if (value.length > route.limit()) {
      throw tooLarge(route, value.length);
    }
    String jobId = request.jobId() != null ? request.jobId() : ids.next().toString();
    byte[] jobIdBytes = jobId.getBytes(StandardCharsets.UTF_8);
    long now = clock.millis();

    RecordHeaders headers = new RecordHeaders();
    headers.add(JobHeaders.JOB_ID, jobIdBytes);
    headers.add(JobHeaders.JOB_TYPE, route.typeBytes());
    headers.add(JobHeaders.ATTEMPT, FIRST_ATTEMPT);
    headers.add(JobHeaders.ENQUEUED_AT, millisText(now));
    if (request.traceparent() != null) {
      headers.add(JobHeaders.TRACEPARENT, request.traceparent().getBytes(StandardCharsets.US_ASCII));
    }
    if (!request.headers().isEmpty()) {
      for (Map.Entry<String, String> h : request.headers().entrySet()) {
        headers.add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] key = request.key() != null ? request.key().getBytes(StandardCharsets.UTF_8) : jobIdBytes;
    if (notBefore != null) {
      JobHeaders.set(headers, JobHeaders.NOT_BEFORE, notBefore);
      if (request.key() != null) {
        headers.add(JobHeaders.ORDERING_KEY, key);
      }
      key = jobIdBytes;
    }
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(route.topic(), null, now, key, value, headers);
    producer.send(record, (metadata, error) -> complete(result, jobId, route.topic(), now, metadata, error));
  }

  private byte[] millisText(long now) {
    MillisText cached = enqueuedAt;
    if (cached.millis() == now) {
      return cached.text();
    }
    byte[] text = Long.toString(now).getBytes(StandardCharsets.US_ASCII);
    enqueuedAt = new MillisText(now, text);
    return text;
  }

  private void complete(
      CompletableFuture<JobReceipt> result, String jobId, String topic, long createTime, RecordMetadata metadata,
      Exception error) {
    if (error != null) {
      result.completeExceptionally(deliveryError(jobId, topic, error));
    } else {
      result.complete(new JobReceipt(
          jobId, metadata.topic(), metadata.partition(), metadata.offset(),
          Instant.ofEpochMilli(metadata.hasTimestamp() ? metadata.timestamp() : createTime)));
    }
  }

  private byte[] encode(Route route, JobRequest request) {
    try {
      return encoder.encode(route.subject(), request.payload());
    } catch (RegistryUnavailableException e) {
      throw new RegistryUnreachableException(
          "schema registry unreachable, cannot register or look up the schema of " + route.subject()
              + ": " + e.getMessage(), e);
    } catch (SchemaRegistryException e) {
      throw new InvalidPayloadException(
          "the schema registry refused the payload schema under " + route.subject() + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException | AvroRuntimeException | ClassCastException | NullPointerException e) {
      throw new InvalidPayloadException(
          "payload of the " + route.type() + " job does not match its schema: " + e.getMessage(), e);
    } catch (KafkaException e) {
      throw new InvalidPayloadException(
          "payload of the " + route.type() + " job could not be encoded: " + e.getMessage(), e);
    }
  }

  private PayloadTooLargeException tooLarge(Route route, int size) {
    return new PayloadTooLargeException(
        "payload of the " + route.type() + " job is " + size + " bytes, over the limit of " + route.limit()
            + " bytes (topic " + route.topic() + " max.message.bytes=" + route.topicMaxBytes()
            + ", producer max.request.size=" + maxRequestSize + ")",
        size, route.limit(), null);
  }

  private JobPublishException deliveryError(String jobId, String topic, Exception error) {
    String job = (jobId == null ? "job" : "job " + jobId) + " to " + topic;
    if (error instanceof RecordTooLargeException) {
      return new PayloadTooLargeException(
          job + " refused as too large: " + error.getMessage(), -1, maxRequestSize, error);
    }
    if (error instanceof TimeoutException) {
      return new BrokerUnavailableException(
          job + " not acknowledged within delivery.timeout.ms=" + deliveryTimeoutMs + ": " + error.getMessage(), error);
    }
    if (error instanceof RetriableException) {
      return new BrokerUnavailableException(job + " failed: " + error.getMessage(), error);
    }
    return new DeliveryFailedException(job + " failed: " + error.getMessage(), error);
  }

  @Override
  public void verifyType(String type) {
    route(type);
  }

  private Route route(String type) {
    Route route = routes.get(type);
    return route != null ? route : resolve(type);
  }

  /** The route to {@code jobs.T.scheduled}: the main route's type and subject, the scheduled topic's limit. */
  private Route scheduledRoute(String type) {
    Route cached = scheduledRoutes.get(type);
    if (cached != null) {
      return cached;
    }
    Route main = route(type);
    String topic = JobTopics.of(type).scheduled();
    TopicMetadata.TopicInfo info = describe(type, topic, "create it with: jobpipe topics apply --type " + type);
    int maxBytes = Math.min(main.topicMaxBytes(), info.maxMessageBytes());
    Route route = new Route(type, topic, main.subject(), main.typeBytes(), maxBytes, Math.min(maxBytes, maxRequestSize));
    Route previous = scheduledRoutes.putIfAbsent(type, route);
    return previous != null ? previous : route;
  }

  private TopicMetadata.TopicInfo describe(String type, String topic, String hint) {
    try {
      return topicMetadata.describe(topic);
    } catch (UnknownTopicOrPartitionException e) {
      throw new UnknownJobTypeException(type, "topic " + topic + " does not exist (" + hint + ")", e);
    } catch (TimeoutException e) {
      throw new BrokerUnavailableException("cannot check topic " + topic + ": " + e.getMessage(), e);
    } catch (KafkaException e) {
      throw new DeliveryFailedException("cannot check topic " + topic + ": " + e.getMessage(), e);
    }
  }

  private Route resolve(String type) {
    JobTopics topics;
    try {
      topics = JobTopics.of(type);
    } catch (IllegalArgumentException e) {
      throw new UnknownJobTypeException(type, e.getMessage(), e);
    }
    String topic = topics.main();
    TopicMetadata.TopicInfo info;
    try {
      info = topicMetadata.describe(topic);
    } catch (UnknownTopicOrPartitionException e) {
      throw new UnknownJobTypeException(type,
          "unknown job type '" + type + "': topic " + topic + " does not exist (create it with: jobpipe topics apply --type "
              + type + ")", e);
    } catch (TimeoutException e) {
      throw new BrokerUnavailableException("cannot check topic " + topic + ": " + e.getMessage(), e);
    } catch (KafkaException e) {
      throw new DeliveryFailedException("cannot check topic " + topic + ": " + e.getMessage(), e);
    }
    Route route = new Route(
        type, topic, topic + "-value", type.getBytes(StandardCharsets.UTF_8),
        info.maxMessageBytes(), Math.min(info.maxMessageBytes(), maxRequestSize));
    LOG.debug("job type {}: topic {} with {} partitions, payload limit {} bytes", type, topic, info.partitions(), route.limit());
    Route previous = routes.putIfAbsent(type, route);
    return previous != null ? previous : route;
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    close(Duration.ofMillis(deliveryTimeoutMs));
  }

  @Override
  public void close(Duration timeout) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      producer.close(timeout);
    } finally {
      closeAll(resources);
      terminated.countDown();
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : resources.reversed()) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** Epoch milliseconds and their decimal text. */
  private record MillisText(long millis, byte[] text) {}

  /** What the publisher caches per job type. */
  private record Route(String type, String topic, String subject, byte[] typeBytes, int topicMaxBytes, int limit) {}
}
