package dev.jobpipe.consumer;

/**
 * Thrown by a handler when this attempt failed but a later one may succeed (a dependency is down,
 * a rate limit was hit). The worker hands the job to {@code jobs.T.failed} marked retryable; the
 * retry router schedules the next attempt on a delay tier until the attempts are exhausted.
 * Retrying helps, by definition. Recognised anywhere in the cause chain.
 */
public class RetryableJobException extends RuntimeException {

  public RetryableJobException(String message) {
    super(message);
  }

  public RetryableJobException(String message, Throwable cause) {
    super(message, cause);
  }

  public RetryableJobException(Throwable cause) {
    super(cause);
  }
}
