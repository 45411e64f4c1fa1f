package dev.jobpipe.dlq.internal;

import java.util.Set;

/**
 * Header names Spring Kafka's {@code DeadLetterPublishingRecoverer} and retry topics write. Numbers
 * are binary big-endian (partition and attempts 4 bytes, offset and timestamps 8), so they must be
 * decoded, never read as text.
 */
final class SpringDltHeaders {

  static final String PREFIX = "kafka_dlt-";
  static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
  static final String EXCEPTION_CAUSE_FQCN = "kafka_dlt-exception-cause-fqcn";
  static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
  static final String EXCEPTION_STACKTRACE = "kafka_dlt-exception-stacktrace";
  static final String KEY_EXCEPTION_FQCN = "kafka_dlt-key-exception-fqcn";
  static final String KEY_EXCEPTION_MESSAGE = "kafka_dlt-key-exception-message";
  static final String KEY_EXCEPTION_STACKTRACE = "kafka_dlt-key-exception-stacktrace";
  static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
  static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
  static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
  static final String ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp";
  static final String ORIGINAL_TIMESTAMP_TYPE = "kafka_dlt-original-timestamp-type";
  static final String ORIGINAL_CONSUMER_GROUP = "kafka_dlt-original-consumer-group";
  static final String RETRY_ATTEMPTS = "retry_topic-attempts";
  static final String RETRY_ORIGINAL_TIMESTAMP = "retry_topic-original-timestamp";
  static final String RETRY_BACKOFF_TIMESTAMP = "retry_topic-backoff-timestamp";

  /** Headers whose value is a binary big-endian integer. */
  static final Set<String> BINARY_NUMBERS = Set.of(
      ORIGINAL_PARTITION, ORIGINAL_OFFSET, ORIGINAL_TIMESTAMP, RETRY_ATTEMPTS, RETRY_ORIGINAL_TIMESTAMP,
      RETRY_BACKOFF_TIMESTAMP);

  /** Of those, the ones holding epoch milliseconds. */
  static final Set<String> BINARY_TIMES = Set.of(ORIGINAL_TIMESTAMP, RETRY_ORIGINAL_TIMESTAMP, RETRY_BACKOFF_TIMESTAMP);

  private SpringDltHeaders() {}
}
