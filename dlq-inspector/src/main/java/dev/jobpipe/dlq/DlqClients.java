package dev.jobpipe.dlq;

import dev.jobpipe.dlq.internal.KafkaReplayLog;
import dev.jobpipe.dlq.internal.KafkaTopicLog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Builds the Kafka clients and views the inspector works with from one {@link DlqConfig}, so that
 * every command gets the same short timeouts and the same no-group reading.
 */
public final class DlqClients {

  private DlqClients() {}

  public static Admin admin(DlqConfig config) {
    return Admin.create(config.adminProps());
  }

  /** A consumer for {@link TopicLog}s: never subscribes, has no group, commits nothing. */
  public static Consumer<byte[], byte[]> consumer(DlqConfig config) {
    return new KafkaConsumer<>(config.consumerProps());
  }

  /** An idempotent producer for replays. */
  public static Producer<byte[], byte[]> producer(DlqConfig config) {
    return new KafkaProducer<>(config.producerProps());
  }

  /** {@code topic} read through {@code consumer}, which the log borrows (the caller closes it). */
  public static TopicLog topicLog(Consumer<byte[], byte[]> consumer, String topic, DlqConfig config) {
    return new KafkaTopicLog(consumer, topic, config.apiTimeout());
  }

  /** A reader of DLQ {@code topic}. */
  public static DeadLetterReader reader(Consumer<byte[], byte[]> consumer, String topic, DlqConfig config) {
    return new DeadLetterReader(topicLog(consumer, topic, config), config.readChunkSize());
  }

  /** The replay log of job type {@code type}. */
  public static ReplayLog replayLog(Consumer<byte[], byte[]> consumer, Admin admin, String type, DlqConfig config) {
    return new KafkaReplayLog(topicLog(consumer, ReplayLog.topicFor(type), config), admin, config.apiTimeout());
  }
}
