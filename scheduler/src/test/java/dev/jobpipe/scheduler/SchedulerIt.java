package dev.jobpipe.scheduler;

import dev.jobpipe.producer.JobPublisherConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Helpers of the scheduler's integration tests: unique types, configs, and a reader of {@code jobs.T}. */
final class SchedulerIt {

  private SchedulerIt() {}

  static String uniqueType(String prefix) {
    return prefix + "." + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
  }

  /** Creates {@code jobs.T} and {@code jobs.T.scheduled}. */
  static JobTopics createTopics(JobpipeStack stack, String type, int partitions) {
    JobTopics topics = JobTopics.of(type);
    stack.createTopic(topics.main(), partitions);
    stack.createTopic(topics.scheduled(), partitions);
    return topics;
  }

  static Map<String, Object> publisherConfig(JobpipeStack stack) {
    Map<String, Object> config = new HashMap<>(stack.clientProperties());
    config.put(JobPublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl());
    return config;
  }

  static SchedulerConfig schedulerConfig(JobpipeStack stack, String applicationId, Path stateDir, String instanceId) {
    return schedulerConfig(stack, applicationId, stateDir, instanceId, Map.of());
  }

  /** A scheduler's config for the stack, with {@code extra} settings on top. */
  static SchedulerConfig schedulerConfig(JobpipeStack stack, String applicationId, Path stateDir, String instanceId,
      Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(SchedulerConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(SchedulerConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(SchedulerConfig.TOPIC_REFRESH_MS_CONFIG, 500L);
    if (instanceId != null) {
      props.put(SchedulerConfig.INSTANCE_ID_CONFIG, instanceId);
    }
    props.putAll(extra);
    return new SchedulerConfig(props);
  }

  /** One record seen on {@code jobs.T}: when it was read, and what it carried. */
  record Arrival(String jobId, byte[] key, byte[] value, long timestamp, Instant notBefore, long readAtMillis,
      String scheduleName) {
    String keyText() {
      return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }
  }

  /** Reads {@code topic} read_committed from the beginning on a thread of its own, until closed. */
  static final class Reader implements AutoCloseable {
    final Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean closed;

    Reader(JobpipeStack stack, String topic) {
      Map<String, Object> props = new HashMap<>(stack.clientProperties());
      props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
      consumer = new KafkaConsumer<>(props);
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      thread = new Thread(this::run, "it-reader-" + topic);
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      try {
        while (!closed) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            long now = System.currentTimeMillis();
            arrivals.add(new Arrival(JobHeaders.jobId(r.headers()).orElse(null), r.key(), r.value(), r.timestamp(),
                JobHeaders.notBefore(r.headers()).orElse(null), now,
                JobHeaders.string(r.headers(), JobHeaders.SCHEDULE_NAME).orElse(null)));
          }
        }
      } catch (WakeupException e) {
        // closing
      } finally {
        consumer.close(Duration.ofSeconds(2));
      }
    }

    Map<String, Long> countsById() {
      Map<String, Long> counts = new HashMap<>();
      arrivals.forEach(a -> counts.merge(a.jobId(), 1L, Long::sum));
      return counts;
    }

    @Override
    public void close() throws InterruptedException {
      closed = true;
      consumer.wakeup();
      thread.join(5_000);
    }
  }
}
