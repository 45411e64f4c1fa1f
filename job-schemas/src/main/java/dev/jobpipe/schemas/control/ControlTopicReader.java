package dev.jobpipe.schemas.control;

import dev.jobpipe.schemas.JobTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a type's {@code jobs.T.control} from its beginning, without a consumer group, and folds it
 * into a {@link ControlState}: {@link #readToEnd} up to the end offsets of the moment, then
 * {@link #poll} to follow changes. A missing topic reads as {@link ControlState#EMPTY} and is looked
 * for again every {@value #MISSING_TOPIC_RECHECK_MS} ms, so {@code topics apply} run later is
 * picked up. Not thread-safe: one thread reads and publishes {@link #state()}.
 */
public final class ControlTopicReader implements AutoCloseable {

  static final long MISSING_TOPIC_RECHECK_MS = 5_000;

  private final String topic;
  private final Consumer<byte[], byte[]> consumer;
  private final ControlState.Fold fold = new ControlState.Fold();
  private List<TopicPartition> partitions = List.of();
  private long lastLookup = Long.MIN_VALUE;
  private volatile ControlState state = ControlState.EMPTY;

  /** Reads {@code type}'s control topic with {@code consumer} (from {@link #consumerProperties}), which it then owns. */
  public ControlTopicReader(String type, Consumer<byte[], byte[]> consumer) {
    this.topic = JobTopics.of(type).control();
    this.consumer = consumer;
  }

  /**
   * The settings a reader's consumer needs on top of {@code base} (connection, security): byte
   * arrays, no group, no commits, and never creating the topic by looking it up (a topic made with
   * the broker's defaults would not be compacted).
   */
  public static Map<String, Object> consumerProperties(Map<String, Object> base) {
    Map<String, Object> props = new HashMap<>(base);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
    props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return props;
  }

  public String topic() {
    return topic;
  }

  /**
   * Reads every record up to the end offsets as they are now and returns the state; throws Kafka's
   * {@link TimeoutException} when that takes longer than {@code timeout} (the broker is unreachable).
   */
  public ControlState readToEnd(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lookUp(true);
    if (partitions.isEmpty()) {
      return state;
    }
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
    while (true) {
      boolean behind = false;
      for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
        behind |= consumer.position(end.getKey(), remaining(deadline)) < end.getValue();
      }
      if (!behind) {
        return state;
      }
      if (remaining(deadline).isZero()) {
        throw new TimeoutException("reading " + topic + " to its end took longer than " + timeout.toMillis() + " ms");
      }
      poll(min(remaining(deadline), Duration.ofMillis(200)));
    }
  }

  /** Waits up to {@code timeout} for changes and applies them; true when the state changed. */
  public boolean poll(Duration timeout) {
    if (partitions.isEmpty()) {
      lookUp(false);
      if (partitions.isEmpty()) {
        sleep(timeout);
        return false;
      }
    }
    ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
    boolean changed = false;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      changed |= fold.apply(record.key(), record.value());
    }
    if (!records.isEmpty()) {
      state = fold.state();
    }
    return changed;
  }

  /** The state after what was read so far; safe to read from any thread. */
  public ControlState state() {
    return state;
  }

  /** True once the topic was found (a missing topic reads as empty). */
  public boolean topicExists() {
    return !partitions.isEmpty();
  }

  /** Wakes a {@link #poll} blocked in the consumer (from another thread). */
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }

  private void lookUp(boolean now) {
    long t = System.currentTimeMillis();
    if (!now && t - lastLookup < MISSING_TOPIC_RECHECK_MS) {
      return;
    }
    lastLookup = t;
    List<PartitionInfo> infos = consumer.partitionsFor(topic);
    if (infos == null || infos.isEmpty()) {
      return;
    }
    partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
