package dev.jobpipe.producer;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The broker did not accept the job: the producer's send failed with the Kafka error given as the
 * cause (for instance an authorization error). The job may not be in the topic; whether a retry
 * helps depends on that cause.
 */
public class DeliveryFailedException extends JobPublishException {

  public DeliveryFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isRetriable() {
    return getCause() instanceof RetriableException;
  }
}
