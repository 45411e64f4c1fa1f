package dev.jobpipe.consumer.internal;

import dev.jobpipe.consumer.ExceptionClassifier;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.observability.HealthState;
import dev.jobpipe.schemas.registry.RegistryUnavailableException;
import dev.jobpipe.schemas.serde.UndecodableJobException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetMetadataTooLarge;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A {@link WorkerRuntime} on a {@link MockConsumer} and {@link MockProducer}, with a decoder that
 * turns values into strings: {@code bad...} is undecodable, and {@link #registryDown} simulates an
 * unreachable registry. Records are added through poll tasks, so they reach the consumer on its own
 * thread, in order.
 */
final class WorkerHarness implements AutoCloseable {

  static final String TYPE = "unit.job";
  static final String TOPIC = "jobs.unit.job";

  final QuietMockConsumer consumer = new QuietMockConsumer();
  final MockProducer<byte[], byte[]> producer;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final HealthState health = new HealthState();
  final TestDecoder decoder = new TestDecoder();
  final WorkerRuntime runtime;

  WorkerHarness(Map<String, Object> settings, JobHandler<Object> handler, boolean autoAck) {
    this(settings, handler, autoAck, ExceptionClassifier.defaults());
  }

  WorkerHarness(Map<String, Object> settings, JobHandler<Object> handler, boolean autoAck, ExceptionClassifier classifier) {
    this(settings, handler, autoAck, classifier, Clock.systemUTC());
  }

  WorkerHarness(Map<String, Object> settings, JobHandler<Object> handler, boolean autoAck, ExceptionClassifier classifier,
      Clock clock) {
    Map<String, Object> props = new HashMap<>();
    props.put(JobWorkerConfig.JOB_TYPE_CONFIG, TYPE);
    props.put(JobWorkerConfig.COMMIT_INTERVAL_MS_CONFIG, 10);
    props.put(JobWorkerConfig.POLL_TIMEOUT_MS_CONFIG, 20);
    props.put(JobWorkerConfig.HANDOFF_BACKOFF_MS_CONFIG, 20);
    props.put(JobWorkerConfig.REGISTRY_BACKOFF_MS_CONFIG, 20);
    props.put(JobWorkerConfig.REGISTRY_BACKOFF_MAX_MS_CONFIG, 100);
    props.put("bootstrap.servers", "localhost:9");
    // the producer history then holds failures only; DoneRecordsTest switches done records on
    props.put(JobWorkerConfig.DONE_EVENTS_ENABLED_CONFIG, false);
    props.putAll(settings);
    producer = new MockProducer<>(autoAck, null, new ByteArraySerializer(), new ByteArraySerializer());
    runtime = new WorkerRuntime(new JobWorkerConfig(props), handler, decoder, classifier, consumer, producer,
        meters, health, clock, () -> {});
  }

  static TopicPartition tp(int partition) {
    return new TopicPartition(TOPIC, partition);
  }

  /** Starts the worker with partitions 0..n-1 assigned, all starting at offset 0. */
  WorkerHarness start(int partitions) {
    return start(partitions, Map.of());
  }

  /**
   * Starts the worker with partitions 0..n-1 assigned and {@code committed} as what a previous
   * owner committed (the mock consumer forgets commits made before it subscribes).
   */
  WorkerHarness start(int partitions, Map<TopicPartition, OffsetAndMetadata> committed) {
    List<TopicPartition> tps = new ArrayList<>();
    Map<TopicPartition, Long> beginning = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      tps.add(tp(p));
      beginning.put(tp(p), 0L);
    }
    consumer.updateBeginningOffsets(beginning);
    consumer.schedulePollTask(() -> {
      if (!committed.isEmpty()) {
        consumer.commitSync(committed);
      }
      consumer.rebalance(tps);
    });
    runtime.start();
    return this;
  }

  void send(int partition, long offset, String key, String value, Header... headers) {
    ConsumerRecord<byte[], byte[]> record = record(partition, offset, key, value, headers);
    consumer.schedulePollTask(() -> consumer.addRecord(record));
  }

  static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String key, String value, Header... headers) {
    byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    byte[] v = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    return new ConsumerRecord<>(TOPIC, partition, offset, 1_700_000_000_000L + offset, TimestampType.CREATE_TIME,
        k == null ? -1 : k.length, v == null ? -1 : v.length, k, v, new RecordHeaders(headers), java.util.Optional.empty());
  }

  /** The last offset committed for a partition (sync or async), or -1. */
  long committed(int partition) {
    OffsetAndMetadata offset = consumer.commits.get(tp(partition));
    return offset == null ? -1 : offset.offset();
  }

  Set<TopicPartition> paused() {
    return consumer.paused();
  }

  List<ProducerRecord<byte[], byte[]>> handedOver() {
    return producer.history();
  }

  double counter(String name, String... tags) {
    var counter = meters.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Override
  public void close() {
    runtime.close();
  }

  /** A MockConsumer whose empty polls pause briefly, as a real one would, instead of spinning. */
  static final class QuietMockConsumer extends MockConsumer<byte[], byte[]> {
    final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger failCommits = new AtomicInteger();
    /** Every commit's offsets, latest per partition; readable after the consumer is closed. */
    final Map<TopicPartition, OffsetAndMetadata> commits = new ConcurrentHashMap<>();
    final List<Map<TopicPartition, OffsetAndMetadata>> syncCommits = new CopyOnWriteArrayList<>();

    /** Longest commit metadata the (mock) broker accepts, as offset.metadata.max.bytes. */
    volatile int maxMetadataChars = Integer.MAX_VALUE;

    private boolean tooLarge(Map<TopicPartition, OffsetAndMetadata> offsets) {
      return offsets.values().stream().anyMatch(o -> o.metadata().length() > maxMetadataChars);
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      if (tooLarge(offsets)) {
        throw new OffsetMetadataTooLarge("metadata too large (test)");
      }
      super.commitSync(offsets);
      syncCommits.add(Map.copyOf(offsets));
      commits.putAll(offsets);
    }

    @Override
    public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
      if (callback != null && tooLarge(offsets)) {
        callback.onComplete(null, new OffsetMetadataTooLarge("metadata too large (test)"));
        return;
      }
      if (callback != null && failCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        callback.onComplete(null, new org.apache.kafka.common.errors.TimeoutException("commit failed (test)"));
        return;
      }
      commits.putAll(offsets);
      super.commitAsync(offsets, callback);
    }

    /** The next {@code n} async commits fail, as during a broker outage. */
    void failNextCommits(int n) {
      failCommits.set(n);
    }

    /** The offset the (mock) broker holds for {@code tp}, or -1. */
    synchronized long confirmed(TopicPartition tp) {
      OffsetAndMetadata offset = committed(Set.of(tp)).get(tp);
      return offset == null ? -1 : offset.offset();
    }

    QuietMockConsumer() {
      super("earliest");
    }

    /** While set, every poll throws it: the broker refusing the worker's credentials or ACLs. */
    volatile RuntimeException refusal;

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
      polls.incrementAndGet();
      RuntimeException refused = refusal;
      if (refused != null) {
        throw refused;
      }
      ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
      if (records.isEmpty()) {
        try {
          Thread.sleep(Math.min(timeout.toMillis(), 5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return records;
    }
  }

  /** Values are UTF-8 strings; {@code bad...} is poison; {@link #registryDown} is an outage. */
  static final class TestDecoder implements PayloadDecoder {
    volatile boolean registryDown;
    final AtomicInteger outageHits = new AtomicInteger();

    @Override
    public Object decode(byte[] value) {
      if (registryDown) {
        outageHits.incrementAndGet();
        throw new RegistryUnavailableException("registry unreachable (test)", null);
      }
      if (value == null) {
        throw new UndecodableJobException(UndecodableJobException.Kind.NULL_VALUE, "null value", null);
      }
      String s = new String(value, StandardCharsets.UTF_8);
      if (s.startsWith("overflow")) {
        throw new StackOverflowError("nested too deep (test)");
      }
      if (s.startsWith("bad")) {
        throw new UndecodableJobException(UndecodableJobException.Kind.BAD_MAGIC_BYTE, "bad magic byte 98", null);
      }
      return s;
    }
  }
}
