package dev.jobpipe.consumer;

import java.time.Duration;

/**
 * Recorded (never thrown into the handler) when a handler ran longer than the job timeout: the
 * worker interrupted the handler's thread, released its concurrency slot and handed the job to
 * {@code jobs.T.failed} with this as the error. Retryable: a slow attempt says little about the
 * next one, and the retry tiers bound how often it is tried.
 */
public class JobTimeoutException extends RetryableJobException {

  private final Duration timeout;

  public JobTimeoutException(String jobId, Duration timeout) {
    super("job " + jobId + " exceeded its timeout of " + timeout.toMillis() + " ms");
    this.timeout = timeout;
  }

  /** The timeout that was exceeded. */
  public Duration timeout() {
    return timeout;
  }
}
