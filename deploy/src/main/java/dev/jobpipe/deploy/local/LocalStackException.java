package dev.jobpipe.deploy.local;

import java.util.Optional;

/**
 * The local broker or registry could not be started or stopped: the stack is not built, a process
 * died during start-up, or it did not answer in time. The message is one line fit for a user; when
 * a child process's log explains more, {@link #logTail()} has its last lines. Retrying the same
 * call does not help until the cause is fixed.
 */
public class LocalStackException extends RuntimeException {
  private final String logTail;

  public LocalStackException(String message) {
    this(message, null, null);
  }

  public LocalStackException(String message, Throwable cause) {
    this(message, null, cause);
  }

  public LocalStackException(String message, String logTail, Throwable cause) {
    super(message, cause);
    this.logTail = logTail;
  }

  /** The last lines of the failing process's log, when there is one. */
  public Optional<String> logTail() {
    return Optional.ofNullable(logTail);
  }
}
