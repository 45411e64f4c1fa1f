package dev.jobpipe.reliability.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic with a plain {@link KafkaConsumer}, from the beginning to the end offsets of
 * the moment of the call, no group, nothing committed: the reconciler's view of the raw topics,
 * independent of jobpipe's own code.
 *
 * <p>{@code read_committed}: the router writes retries and dead letters in Kafka transactions, and a
 * router killed mid-transaction leaves aborted records in the log. They were never delivered to
 * anyone; counting them would report dead letters that do not exist.
 */
public final class TopicReader {

  private final Map<String, Object> clientProperties;

  public TopicReader(Map<String, Object> clientProperties) {
    this.clientProperties = Map.copyOf(clientProperties);
  }

  /** Every committed record of {@code topic} up to its current end; empty if the topic does not exist. */
  public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "reliability-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        return List.of();
      }
      List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!reachedEnd(consumer, partitions, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end offsets " + end + " in 60 s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  /** End offsets per partition (the next offset to be written), for "nothing was written" checks. */
  public Map<TopicPartition, Long> endOffsets(String topic) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "reliability-offsets-" + UUID.randomUUID());
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        return Map.of();
      }
      List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      return consumer.endOffsets(partitions, Duration.ofSeconds(30));
    }
  }

  private static boolean reachedEnd(
      KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
    for (TopicPartition tp : partitions) {
      // position() moves past transaction markers too, so it reaches the end offset exactly
      if (consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }
}
