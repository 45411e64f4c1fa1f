package dev.jobpipe.console.internal;

import dev.jobpipe.console.JobControlException;
import dev.jobpipe.schemas.control.ControlTopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts the letters of DLQ partitions exactly. A DLQ's end minus start offset is not its size: the
 * router writes dead letters in transactions, and every commit marker takes an offset of its own
 * (two letters would show as four). The count reads the partitions (read_committed), but only what
 * was added since the last count, so a console sampling every few seconds reads each letter once; a
 * moved log start (retention, a purge) recounts that partition. Thread-safe; one consumer, made at
 * the first count.
 */
final class DeadLetterCount implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);

  /** What is known of a partition: its log start when counted, how far it was read, and the letters in it. */
  private record Counted(long start, long position, long letters) {}

  private final Map<String, Object> consumerProperties;
  private final Duration timeout;
  private final Map<TopicPartition, Counted> counted = new HashMap<>();
  private Consumer<byte[], byte[]> consumer;
  private boolean closed;

  /** @param clientProperties connection and security settings of the cluster */
  DeadLetterCount(Map<String, Object> clientProperties, Duration timeout) {
    Map<String, Object> props = ControlTopicReader.consumerProperties(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumerProperties = props;
    this.timeout = timeout;
  }

  /** The letters in each of {@code starts}' partitions (keyed by partition, valued by its log start now). */
  synchronized Map<TopicPartition, Long> count(Map<TopicPartition, Long> starts) {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (starts.isEmpty()) {
      return Map.of();
    }
    try {
      return read(starts);
    } catch (KafkaException e) {
      throw new JobControlException("counting dead letters failed: " + e.getMessage(), e);
    }
  }

  private Map<TopicPartition, Long> read(Map<TopicPartition, Long> starts) {
    if (consumer == null) {
      consumer = new KafkaConsumer<>(consumerProperties);
    }
    // read_committed: the end is the last stable offset, so an open transaction is not waited for
    Map<TopicPartition, Long> ends = consumer.endOffsets(starts.keySet(), timeout);
    Map<TopicPartition, Long> letters = new HashMap<>();
    List<TopicPartition> behind = new ArrayList<>();
    starts.forEach((tp, start) -> {
      Counted c = counted.get(tp);
      long end = ends.getOrDefault(tp, start);
      if (c == null || c.start() != start || c.position() > end) {
        c = new Counted(start, start, 0);
        counted.put(tp, c);
      }
      if (c.position() < end) {
        behind.add(tp);
      }
    });
    if (!behind.isEmpty()) {
      consumer.assign(behind);
      behind.forEach(tp -> consumer.seek(tp, counted.get(tp).position()));
      long deadline = System.nanoTime() + timeout.toNanos();
      Map<TopicPartition, Long> added = new HashMap<>();
      while (behind.stream().anyMatch(tp -> consumer.position(tp, timeout) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new JobControlException("counting dead letters timed out after " + timeout.toMillis() + " ms");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < ends.get(tp)) {
            added.merge(tp, 1L, Long::sum);
          }
        }
      }
      consumer.assign(List.of());
      behind.forEach(tp -> {
        Counted c = counted.get(tp);
        counted.put(tp, new Counted(c.start(), ends.get(tp), c.letters() + added.getOrDefault(tp, 0L)));
      });
    }
    starts.keySet().forEach(tp -> letters.put(tp, counted.get(tp).letters()));
    return letters;
  }

  /** Closes the consumer; idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    if (consumer != null) {
      consumer.close(timeout);
      consumer = null;
    }
  }
}
