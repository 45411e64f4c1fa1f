package dev.jobpipe.schemas.registry;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The Schema Registry could not be reached or answered 5xx after the client's own retries. An
 * outage, not bad data: callers back off and try again (a worker pauses, it never dead-letters).
 */
public class RegistryUnavailableException extends RetriableException {
  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
