package dev.jobpipe.console;

/**
 * A control operation failed: the type's control topic does not exist ({@code jobpipe topics apply
 * --type T} creates it; retrying does not help until then), or the cluster did not answer within
 * {@code control.timeout.ms} (retrying may help). The message is one line naming the type.
 */
public class JobControlException extends RuntimeException {

  public JobControlException(String message) {
    super(message);
  }

  public JobControlException(String message, Throwable cause) {
    super(message, cause);
  }
}
