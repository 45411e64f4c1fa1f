package dev.jobpipe.producer;

import dev.jobpipe.producer.internal.KafkaJobPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.generic.IndexedRecord;

/**
 * Enqueues jobs: the library a service calls to publish work to {@code jobs.T}. Create one per
 * process with {@link #create(Map)} (it holds a Kafka producer, which batches across threads) and
 * share it; it is thread-safe. Close it on shutdown to flush what is still in flight.
 *
 * <p>Each job is written with the headers of the wire contract (job id, type, attempt 1,
 * enqueued-at, traceparent when given) and its payload in the Confluent wire format, the schema
 * registered under {@code jobs.T-value} on first use. The producer runs with {@code acks=all} and
 * idempotence, retrying within {@code delivery.timeout.ms}.
 *
 * <p>Every publish method returns a future that completes with the {@link JobReceipt} once the
 * cluster acknowledged the job, or fails with a {@link JobPublishException} subclass; no failure is
 * thrown from the call itself and none is swallowed. The first publish of a type, and of a payload
 * schema, blocks the caller while the topic is checked and the schema registered; later publishes
 * only block when the producer's buffer is full. Dependent stages of the returned future run on
 * the producer's network thread unless attached with an {@code *Async} method: keep them short.
 *
 * <p>{@link #schedule(JobRequest, Instant)} writes a job to {@code jobs.T.scheduled} instead, for
 * the scheduler service to move to {@code jobs.T} at its due time, unchanged;
 * {@link #cancelScheduled(String, String)} withdraws it.
 *
 * <p>Delivery is at-least-once. Publishing the same job id twice (see {@link JobRequest#jobId()})
 * is allowed and writes two records, and the worker runs both: a handler that must not repeat a side
 * effect checks the job id itself.
 *
 * <p>Lifecycle, shared with the other jobpipe components: the publisher is usable as soon as it is
 * created ({@link #start()} is there for symmetry and does nothing), {@link #close()} flushes and
 * releases it (idempotent, bounded by {@code delivery.timeout.ms}), {@link #awaitTermination(Duration)}
 * waits for a close to finish, and try-with-resources closes it.
 */
public interface JobPublisher extends AutoCloseable {

  /** A publisher configured with the keys of {@link JobPublisherConfig}. */
  static JobPublisher create(Map<String, ?> configs) {
    return KafkaJobPublisher.create(new JobPublisherConfig(configs));
  }

  /** A publisher configured with the keys of {@link JobPublisherConfig}. */
  static JobPublisher create(Properties properties) {
    return create(toMap(properties));
  }

  /** Publishes {@code payload} as a job of {@code type}, keyed by its new job id (no ordering). */
  default CompletableFuture<JobReceipt> publish(String type, IndexedRecord payload) {
    return publish(type, null, payload);
  }

  /**
   * Publishes {@code payload} as a job of {@code type} with ordering key {@code key}: jobs with
   * the same key land in the same partition and reach the worker in publish order.
   */
  default CompletableFuture<JobReceipt> publish(String type, String key, IndexedRecord payload) {
    if (type == null) {
      return CompletableFuture.failedFuture(new UnknownJobTypeException(null, "job type is null", null));
    }
    if (payload == null) {
      return CompletableFuture.failedFuture(
          new InvalidPayloadException("payload of the " + type + " job is null", null));
    }
    return publish(new JobRequest(type, payload, key, null, null, Map.of()));
  }

  /** Publishes one job with all its options (own job id, traceparent, extra headers). */
  CompletableFuture<JobReceipt> publish(JobRequest request);

  /**
   * Schedules {@code payload} as a job of {@code type} to run at {@code at} (never earlier), with
   * ordering key {@code key} (null: none). A time already past makes the job due at once.
   */
  default CompletableFuture<JobReceipt> schedule(String type, String key, IndexedRecord payload, Instant at) {
    if (type == null) {
      return CompletableFuture.failedFuture(new UnknownJobTypeException(null, "job type is null", null));
    }
    if (payload == null) {
      return CompletableFuture.failedFuture(
          new InvalidPayloadException("payload of the " + type + " job is null", null));
    }
    return schedule(new JobRequest(type, payload, key, null, null, Map.of()), at);
  }

  /** Schedules {@code payload} to run {@code delay} from now; see {@link #schedule(String, String, IndexedRecord, Instant)}. */
  CompletableFuture<JobReceipt> scheduleAfter(String type, String key, IndexedRecord payload, Duration delay);

  /**
   * Schedules one job with all its options to run at {@code at}: the record goes to
   * {@code jobs.T.scheduled}, keyed by the job id, with the headers and value bytes it will have on
   * {@code jobs.T}, plus {@code jobpipe.not.before} (the due time) and, when the request has an
   * ordering key, {@code jobpipe.ordering.key}. The receipt names the scheduled topic. Scheduling
   * the same job id again replaces its due time (the last record wins).
   */
  CompletableFuture<JobReceipt> schedule(JobRequest request, Instant at);

  /**
   * Cancels a scheduled job: writes a tombstone for {@code jobId} to {@code jobs.T.scheduled}. A job
   * whose tombstone is written before its due time never runs, even if the scheduler reads both
   * late (it catches up before forwarding); a tombstone for an unknown or already forwarded job is
   * harmless. The receipt is the tombstone's.
   */
  CompletableFuture<JobReceipt> cancelScheduled(String type, String jobId);

  /**
   * Publishes several jobs; the futures are in the order of {@code requests}, each completing on
   * its own. Not atomic: a failure of one job does not hold back the others (use
   * {@link CompletableFuture#allOf} to wait for all). Jobs of one key keep their order.
   */
  default List<CompletableFuture<JobReceipt>> publishAll(Collection<JobRequest> requests) {
    List<CompletableFuture<JobReceipt>> futures = new ArrayList<>(requests.size());
    for (JobRequest request : requests) {
      futures.add(publish(request));
    }
    return futures;
  }

  /**
   * Checks now what the first publish of {@code type} would check: that the type name is valid
   * and its topic exists. Lets a service fail at startup rather than on its first job.
   *
   * @throws UnknownJobTypeException when the type is invalid or has no topic
   * @throws BrokerUnavailableException when the cluster did not answer in time
   */
  void verifyType(String type);

  /** Sends everything buffered now and waits until each of those jobs is acknowledged or failed. */
  void flush();

  /** Nothing to start: a publisher publishes from creation. Present for the shared lifecycle. */
  default void start() {}

  /**
   * Flushes and releases the producer and clients, waiting for in-flight jobs at most
   * {@code delivery.timeout.ms} (after which they have failed anyway). Idempotent.
   */
  @Override
  void close();

  /**
   * Flushes and releases, waiting at most {@code timeout}; jobs still in flight then fail. Later
   * publishes fail with {@link IllegalStateException}.
   */
  void close(Duration timeout);

  /** Waits until a {@link #close()} has finished; true if it did within {@code timeout}. */
  boolean awaitTermination(Duration timeout) throws InterruptedException;

  private static Map<String, Object> toMap(Properties properties) {
    Map<String, Object> map = new java.util.HashMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
    return map;
  }
}
