package dev.jobpipe.cli;

import picocli.CommandLine;

/** Entry point of the {@code jobpipe} command; the launcher script at the repository root runs it. */
public final class Jobpipe {

  private Jobpipe() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code; tests call this instead of {@link #main}. */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  /** The configured command tree: one-line errors, exit codes of {@link ExitCodes}. */
  public static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new JobpipeCommand());
    cli.setExecutionExceptionHandler(new ExecutionExceptionHandler());
    cli.setParameterExceptionHandler(new ParameterExceptionHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }
}
