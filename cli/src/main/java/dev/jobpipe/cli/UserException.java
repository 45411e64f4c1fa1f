package dev.jobpipe.cli;

/**
 * A failure whose message is the whole story for the user (bad input, missing topic, unreachable
 * broker): printed as one line, no stack trace unless {@code --verbose}.
 */
public class UserException extends RuntimeException {
  private final int exitCode;

  public UserException(String message) {
    this(message, ExitCodes.FAILED, null);
  }

  public UserException(String message, Throwable cause) {
    this(message, ExitCodes.FAILED, cause);
  }

  public UserException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
