package dev.jobpipe.producer;

/**
 * The payload does not fit the job type's schema (the message names the field), cannot be
 * serialized, or its schema was rejected by the registry (for instance as incompatible with the
 * versions registered before). Nothing was sent; retrying the same payload cannot help.
 */
public class InvalidPayloadException extends JobPublishException {

  public InvalidPayloadException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isRetriable() {
    return false;
  }
}
