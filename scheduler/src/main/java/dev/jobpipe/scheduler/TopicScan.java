package dev.jobpipe.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/** Reads a whole topic, from the beginning to the end offsets of the moment, without a consumer group. */
final class TopicScan {

  private TopicScan() {}

  /** Every record of {@code topic} up to its current end; empty when the topic does not exist. */
  static List<ConsumerRecord<byte[], byte[]>> readToEnd(Consumer<byte[], byte[]> consumer, String topic, Duration timeout) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    if (infos == null || infos.isEmpty()) {
      return records;
    }
    List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("reading " + topic + " to its end took over " + timeout.toSeconds() + " s");
      }
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }
}
