package dev.jobpipe.consumer;

/**
 * Thrown by a handler when the job can never succeed (invalid input, a referenced entity that no
 * longer exists). The worker hands the job to {@code jobs.T.failed} marked not retryable; the retry
 * router sends it straight to the dead-letter topic with reason {@code FATAL}. Retrying does not
 * help. Recognised anywhere in the cause chain.
 */
public class TerminalJobException extends RuntimeException {

  public TerminalJobException(String message) {
    super(message);
  }

  public TerminalJobException(String message, Throwable cause) {
    super(message, cause);
  }

  public TerminalJobException(Throwable cause) {
    super(cause);
  }
}
