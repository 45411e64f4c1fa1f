package dev.jobpipe.dlq.internal;

import dev.jobpipe.dlq.DlqException;
import dev.jobpipe.dlq.OffsetRange;
import dev.jobpipe.dlq.TopicLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * {@link TopicLog} over a consumer that is only ever assigned partitions, never subscribed: it has
 * no group, commits nothing and so cannot move anyone's offsets. Not thread-safe (the consumer
 * isn't); the consumer is owned by the caller.
 */
public final class KafkaTopicLog implements TopicLog {

  private static final Duration POLL = Duration.ofMillis(200);

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final Duration timeout;
  private List<Integer> partitions;

  /**
   * @param timeout how long a metadata call may take, and how long a read may make no progress,
   *     before the broker counts as unreachable
   */
  public KafkaTopicLog(Consumer<byte[], byte[]> consumer, String topic, Duration timeout) {
    this.consumer = consumer;
    this.topic = topic;
    this.timeout = timeout;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public boolean exists() {
    if (partitions == null) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, timeout);
      } catch (KafkaException e) {
        throw KafkaCalls.translate(e, "describe topic " + topic, timeout);
      }
      if (infos == null || infos.isEmpty()) {
        return false;
      }
      partitions = infos.stream().map(PartitionInfo::partition).sorted().toList();
    }
    return true;
  }

  @Override
  public List<Integer> partitions() {
    if (!exists()) {
      throw new DlqException("topic " + topic + " does not exist");
    }
    return partitions;
  }

  @Override
  public Map<Integer, OffsetRange> offsets() {
    List<TopicPartition> tps = topicPartitions();
    try {
      consumer.assign(tps); // else the consumer warns that it got offsets of partitions it does not own
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps, timeout);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, timeout);
      Map<Integer, OffsetRange> out = new TreeMap<>();
      for (TopicPartition tp : tps) {
        long e = end.getOrDefault(tp, 0L);
        out.put(tp.partition(), new OffsetRange(Math.min(begin.getOrDefault(tp, 0L), e), e));
      }
      return out;
    } catch (KafkaException e) {
      throw KafkaCalls.translate(e, "read offsets of " + topic, timeout);
    }
  }

  @Override
  public List<ConsumerRecord<byte[], byte[]>> read(int partition, long from, long to) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    if (to <= from) {
      return out;
    }
    TopicPartition tp = new TopicPartition(topic, partition);
    try {
      consumer.assign(List.of(tp));
      consumer.seek(tp, from);
      long lastProgress = System.nanoTime();
      long position = from;
      while (position < to) {
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
        for (ConsumerRecord<byte[], byte[]> r : polled.records(tp)) {
          if (r.offset() >= to) {
            break;
          }
          if (r.offset() >= from) {
            out.add(r);
          }
        }
        long now = consumer.position(tp, timeout);
        if (now > position) {
          position = now;
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
          String message = "reading " + tp + " made no progress at offset " + position + " within "
              + KafkaCalls.seconds(timeout) + " (is the broker reachable?)";
          throw new DlqException(message, new TimeoutException(message));
        }
      }
      return out;
    } catch (KafkaException e) {
      throw KafkaCalls.translate(e, "read " + tp, timeout);
    } finally {
      consumer.unsubscribe();
    }
  }

  @Override
  public Map<Integer, Long> offsetsForTime(Instant time) {
    Map<TopicPartition, Long> query = new HashMap<>();
    for (TopicPartition tp : topicPartitions()) {
      query.put(tp, time.toEpochMilli());
    }
    try {
      consumer.assign(query.keySet());
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
      Map<TopicPartition, Long> end = consumer.endOffsets(query.keySet(), timeout);
      Map<Integer, Long> out = new TreeMap<>();
      for (TopicPartition tp : query.keySet()) {
        OffsetAndTimestamp at = found.get(tp);
        out.put(tp.partition(), at != null ? at.offset() : end.getOrDefault(tp, 0L));
      }
      return out;
    } catch (KafkaException e) {
      throw KafkaCalls.translate(e, "look up offsets by time in " + topic, timeout);
    }
  }

  private List<TopicPartition> topicPartitions() {
    return partitions().stream().map(p -> new TopicPartition(topic, p)).toList();
  }
}
