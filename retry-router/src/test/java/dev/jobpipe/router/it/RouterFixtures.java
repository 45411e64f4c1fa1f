package dev.jobpipe.router.it;

import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topics, records, clients and checks shared by the router's integration tests. */
final class RouterFixtures {

  static final byte[] VALUE = {0, 0, 0, 0, 1, 2, 4, 6, 8};

  private RouterFixtures() {}

  /** A job type no other test uses on the shared broker. */
  static String uniqueType(String prefix) {
    return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
  }

  /** Main and failed topics, as `jobpipe topics apply` makes them; the router creates tiers and DLQ. */
  static void createTypeTopics(JobpipeStack stack, String type, int partitions) {
    JobTopics topics = JobTopics.of(type);
    stack.createTopic(topics.main(), partitions);
    stack.createTopic(topics.failed(), partitions);
  }

  /** Router settings that keep integration tests lean: fast commits, fast topic discovery. */
  static Map<String, Object> routerProps(JobpipeStack stack, String applicationId, Path stateDir) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(RouterConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(RouterConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(RouterConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
    props.put(RouterConfig.TOPIC_REFRESH_MS_CONFIG, 500L);
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
    return props;
  }

  static KafkaProducer<byte[], byte[]> producer(JobpipeStack stack) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static KafkaConsumer<byte[], byte[]> consumer(JobpipeStack stack, String groupId) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The headers a publisher writes on a first attempt. */
  static Headers jobHeaders(String type, String jobId, Instant enqueuedAt) {
    Headers h = new RecordHeaders();
    JobHeaders.set(h, JobHeaders.JOB_ID, jobId);
    JobHeaders.set(h, JobHeaders.JOB_TYPE, type);
    JobHeaders.set(h, JobHeaders.ATTEMPT, 1);
    JobHeaders.set(h, JobHeaders.ENQUEUED_AT, enqueuedAt);
    JobHeaders.set(h, JobHeaders.TRACEPARENT, "00-" + UUID.randomUUID().toString().replace("-", "") + "-b7ad6b7169203331-01");
    return h;
  }

  /** The failure record a worker writes for {@code job} read from {@code origin}, as DESIGN.md says. */
  static ProducerRecord<byte[], byte[]> failureOf(ConsumerRecord<byte[], byte[]> job, String type, boolean retryable) {
    Headers h = new RecordHeaders(job.headers().toArray());
    if (JobHeaders.jobId(h).isEmpty()) {
      JobHeaders.set(h, JobHeaders.JOB_ID, job.topic() + "-" + job.partition() + "-" + job.offset());
    }
    JobHeaders.set(h, JobHeaders.ATTEMPT, JobHeaders.attempt(job.headers()));
    JobHeaders.set(h, JobHeaders.ORIGIN_TOPIC, job.topic());
    JobHeaders.set(h, JobHeaders.ORIGIN_PARTITION, job.partition());
    JobHeaders.set(h, JobHeaders.ORIGIN_OFFSET, job.offset());
    JobHeaders.set(h, JobHeaders.ERROR_CLASS, retryable ? "java.io.IOException" : "com.acme.TerminalJobException");
    JobHeaders.set(h, JobHeaders.ERROR_MESSAGE, "attempt " + JobHeaders.attempt(job.headers()) + " failed");
    JobHeaders.set(h, JobHeaders.ERROR_STACK, "java.io.IOException: failed\n\tat com.acme.Handler.run(Handler.java:1)");
    JobHeaders.set(h, JobHeaders.FAILED_AT, Instant.now());
    if (!retryable) {
      JobHeaders.set(h, JobHeaders.ERROR_RETRYABLE, "false");
    }
    return new ProducerRecord<>(JobTopics.of(type).failed(), null, null, job.key(), job.value(), h);
  }

  /** A failure record of attempt {@code attempt} of {@code jobId}, as if read from jobs.T partition 0. */
  static ProducerRecord<byte[], byte[]> failure(String type, String jobId, int attempt, boolean retryable) {
    Headers h = jobHeaders(type, jobId, Instant.now());
    JobHeaders.set(h, JobHeaders.ATTEMPT, attempt);
    ConsumerRecord<byte[], byte[]> job = new ConsumerRecord<>(JobTopics.of(type).main(), 0, attempt * 1000L,
        0L, org.apache.kafka.common.record.TimestampType.CREATE_TIME, -1, -1,
        jobId.getBytes(StandardCharsets.UTF_8), VALUE, h, java.util.Optional.empty());
    return failureOf(job, type, retryable);
  }

  /** Reads {@code topic} from the start (read_committed) until {@code done} holds for what was read. */
  static List<ConsumerRecord<byte[], byte[]>> readUntil(
      JobpipeStack stack, String topic, Duration timeout, java.util.function.Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
    List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(stack, "reader-" + UUID.randomUUID())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(read)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out reading " + topic + ": " + read.size() + " records read");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
    }
    return read;
  }

  /** Every committed record of {@code topic} now (reads to the end offsets, read_committed). */
  static List<ConsumerRecord<byte[], byte[]>> readAll(JobpipeStack stack, String topic) {
    try (Admin admin = Admin.create(stack.clientProperties());
         KafkaConsumer<byte[], byte[]> consumer = consumer(stack, "reader-" + UUID.randomUUID())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest,
          new org.apache.kafka.clients.admin.ListOffsetsOptions(org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp).offset())) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out reading " + topic + " to its end");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
      return read;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Whether {@code group} has committed past every record of {@code topics}: its committed offset
   * is at the end of each partition, or only transaction markers lie between the two.
   */
  static boolean caughtUp(JobpipeStack stack, String group, Set<String> topics) {
    try (Admin admin = Admin.create(stack.clientProperties());
         KafkaConsumer<byte[], byte[]> reader = consumer(stack, "probe-" + UUID.randomUUID())) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (var description : admin.describeTopics(topics).allTopicNames().get().values()) {
        description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
      }
      var ends = admin.listOffsets(latest).all().get();
      for (var end : ends.entrySet()) {
        TopicPartition tp = end.getKey();
        long endOffset = end.getValue().offset();
        long at = committed.get(tp) == null ? 0L : committed.get(tp).offset();
        if (at >= endOffset) {
          continue;
        }
        reader.assign(List.of(tp));
        reader.seek(tp, at);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (reader.position(tp) < endOffset && System.nanoTime() < deadline) {
          if (!reader.poll(Duration.ofMillis(100)).isEmpty()) {
            return false;
          }
        }
        if (reader.position(tp) < endOffset) {
          return false;
        }
      }
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  static BooleanSupplier not(BooleanSupplier s) {
    return () -> !s.getAsBoolean();
  }
}
