package dev.jobpipe.producer;

import dev.jobpipe.schemas.registry.RegistryUnavailableException;

/**
 * The Schema Registry could not be reached (or answered 5xx) while the payload's schema was being
 * registered or looked up, after the registry client's own retries. Nothing was sent. An outage:
 * publishing again later helps. Schemas already known to this publisher keep working while the
 * registry is down, because their ids are cached.
 */
public class RegistryUnreachableException extends JobPublishException {

  public RegistryUnreachableException(String message, RegistryUnavailableException cause) {
    super(message, cause);
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
