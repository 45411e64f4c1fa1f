package dev.jobpipe.dlq.internal;

/**
 * Header names Kafka Connect's dead-letter reporter writes when
 * {@code errors.deadletterqueue.context.headers.enable} is on; every value is a UTF-8 string.
 */
final class ConnectErrorHeaders {

  static final String PREFIX = "__connect.errors.";
  static final String TOPIC = "__connect.errors.topic";
  static final String PARTITION = "__connect.errors.partition";
  static final String OFFSET = "__connect.errors.offset";
  static final String CONNECTOR = "__connect.errors.connector.name";
  static final String TASK = "__connect.errors.task.id";
  static final String STAGE = "__connect.errors.stage";
  static final String EXCEPTION_CLASS = "__connect.errors.exception.class.name";
  static final String EXCEPTION_MESSAGE = "__connect.errors.exception.message";
  static final String EXCEPTION_STACKTRACE = "__connect.errors.exception.stacktrace";

  private ConnectErrorHeaders() {}
}
