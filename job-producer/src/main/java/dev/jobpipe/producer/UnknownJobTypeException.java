package dev.jobpipe.producer;

/**
 * The job type is not a valid type name, or its main topic {@code jobs.T} does not exist. Thrown
 * (through the returned future) before anything is sent. Retrying does not help until the topics are
 * created, e.g. with {@code jobpipe topics apply --type T}.
 */
public class UnknownJobTypeException extends JobPublishException {

  private final String type;

  public UnknownJobTypeException(String type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  /** The job type as the caller gave it. */
  public String type() {
    return type;
  }

  @Override
  public boolean isRetriable() {
    return false;
  }
}
