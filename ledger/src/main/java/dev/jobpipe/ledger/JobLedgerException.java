package dev.jobpipe.ledger;

/**
 * The ledger could not answer a {@link JobLedgerClient} call: bad input (status 400; retrying the
 * same call cannot help), the ledger unreachable or not ready (status 503 or 0 for no answer at
 * all; a retry later may help). An unknown job id is not an exception but an empty answer.
 */
public final class JobLedgerException extends RuntimeException {

  private final int status;

  public JobLedgerException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status the ledger answered, or 0 when it could not be reached. */
  public int status() {
    return status;
  }
}
