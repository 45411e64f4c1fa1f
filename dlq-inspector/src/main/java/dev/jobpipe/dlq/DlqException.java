package dev.jobpipe.dlq;

import org.apache.kafka.common.KafkaException;

/**
 * An inspector operation cannot go on, and the message is the whole story for an operator: a
 * missing topic, an unknown job id, an offset outside a partition, a consumer group that still has
 * live members, a broker that did not answer in time. Retrying the same call helps only when the
 * cause was an outage (the message says so).
 */
public class DlqException extends KafkaException {

  public DlqException(String message) {
    super(message);
  }

  public DlqException(String message, Throwable cause) {
    super(message, cause);
  }
}
