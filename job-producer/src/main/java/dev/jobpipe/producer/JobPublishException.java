package dev.jobpipe.producer;

import org.apache.kafka.common.KafkaException;

/**
 * A job could not be published; the future returned by {@link JobPublisher} fails with a subclass
 * of this. The subclass says what went wrong; {@link #isRetriable()} says whether publishing the
 * same job again later can succeed without changing it.
 */
public abstract class JobPublishException extends KafkaException {

  protected JobPublishException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True when the cause is an outage that may pass (broker, registry), false when the job itself is wrong. */
  public abstract boolean isRetriable();
}
