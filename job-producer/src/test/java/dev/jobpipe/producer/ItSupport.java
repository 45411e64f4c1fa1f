package dev.jobpipe.producer;

import static org.awaitility.Awaitility.await;

import dev.jobpipe.testkit.JobpipeStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Helpers shared by the integration tests of this module. */
public final class ItSupport {

  private ItSupport() {}

  /** A job type no other test uses, since the broker is shared by the test JVM. */
  public static String uniqueType(String prefix) {
    return prefix + "." + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
  }

  /** Publisher settings for {@code stack}, plus {@code extra}. */
  public static Map<String, Object> publisherConfig(JobpipeStack stack, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(stack.clientProperties());
    config.put(JobPublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl());
    config.putAll(extra);
    return config;
  }

  /** Every record of {@code topic} up to its current end, read with a plain consumer. */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(JobpipeStack stack, String topic) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
      });
    }
    return records;
  }
}
