package dev.jobpipe.cli;

/** Exit codes of every {@code jobpipe} command. */
public final class ExitCodes {
  /** The command did what it was asked. */
  public static final int OK = 0;
  /** The command ran and failed: a broker, registry or data problem. */
  public static final int FAILED = 1;
  /** The command line itself is wrong: unknown option, bad value, missing argument. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
