package dev.jobpipe.producer.internal;

/**
 * What the publisher needs to know about a main topic before the first publish to it: that it
 * exists, and its size limit. Asked once per job type; the answer is cached by the caller.
 */
@FunctionalInterface
public interface TopicMetadata {

  /**
   * Describes {@code topic}. Throws
   * {@link org.apache.kafka.common.errors.UnknownTopicOrPartitionException} when it does not exist
   * and {@link org.apache.kafka.common.errors.TimeoutException} when the cluster does not answer in
   * time.
   */
  TopicInfo describe(String topic);

  /** A topic's partition count and {@code max.message.bytes}. */
  record TopicInfo(String name, int partitions, int maxMessageBytes) {}
}
