package dev.jobpipe.producer;

/**
 * The cluster did not acknowledge the job within {@code delivery.timeout.ms} (brokers down,
 * unreachable, or short of in-sync replicas), or did not answer the topic check in time. The job is
 * not acknowledged; with the producer's retries exhausted it is almost certainly not in the topic,
 * but a consumer must still tolerate a duplicate if the caller publishes it again. Retrying later
 * helps once the cluster is back.
 */
public class BrokerUnavailableException extends DeliveryFailedException {

  public BrokerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
