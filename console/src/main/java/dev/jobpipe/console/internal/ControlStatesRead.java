package dev.jobpipe.console.internal;

import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.control.ControlState;
import dev.jobpipe.schemas.control.ControlTopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The desired state of many types at once: every {@code jobs.T.control} partition assigned to ONE
 * consumer, read from the beginning to the end offsets of the moment, and folded per type with
 * {@link ControlState.Fold}. So {@code jobpipe status} over 100 types opens one consumer, not 100.
 * A one-shot read (what {@link ControlTopicReader#readToEnd} does for one type); the console's
 * follower keeps following instead.
 */
public final class ControlStatesRead {

  private ControlStatesRead() {}

  /**
   * Reads the control topics of {@code types} with {@code consumer} (settings from
   * {@link ControlTopicReader#consumerProperties}; assigned here, not closed). A type whose topic is
   * missing reads as {@link ControlState#EMPTY}. Throws Kafka's {@link TimeoutException} when the
   * read takes longer than {@code timeout}.
   */
  public static Map<String, ControlState> readToEnd(Consumer<byte[], byte[]> consumer, Collection<String> types,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, ControlState.Fold> folds = new HashMap<>();
    types.forEach(type -> folds.put(JobTopics.of(type).control(), new ControlState.Fold()));
    List<TopicPartition> partitions = new ArrayList<>();
    if (!folds.isEmpty()) {
      Map<String, List<PartitionInfo>> listed = consumer.listTopics(remaining(deadline));
      folds.keySet().forEach(topic -> listed.getOrDefault(topic, List.of())
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
    }
    if (!partitions.isEmpty()) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
      while (behind(consumer, ends, deadline)) {
        if (remaining(deadline).isZero()) {
          throw new TimeoutException("reading " + folds.size() + " control topic(s) to their end took longer than "
              + timeout.toMillis() + " ms");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(min(remaining(deadline), Duration.ofMillis(200)))) {
          folds.get(r.topic()).apply(r.key(), r.value());
        }
      }
    }
    Map<String, ControlState> out = new TreeMap<>();
    types.forEach(type -> out.put(type, folds.get(JobTopics.of(type).control()).state()));
    return out;
  }

  private static boolean behind(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends, long deadline) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey(), remaining(deadline)) < end.getValue()) {
        return true;
      }
    }
    return false;
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
