package dev.jobpipe.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps any exception a command throws to one line on stderr and an exit code, so scripts get a
 * stable contract; {@code --verbose} adds the stack trace for humans debugging.
 */
final class ExecutionExceptionHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    boolean verbose = isVerbose(parseResult);
    cmd.getErr().println("error: " + oneLine(ex));
    if (verbose) {
      ex.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
    if (ex instanceof UserException user) {
      return user.exitCode();
    }
    if (ex instanceof IllegalArgumentException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.FAILED;
  }

  /** The message of the exception, or of its deepest cause that has one, on a single line. */
  static String oneLine(Throwable ex) {
    String message = ex.getMessage();
    Throwable t = ex;
    while ((message == null || message.isBlank()) && t.getCause() != null) {
      t = t.getCause();
      message = t.getMessage();
    }
    if (message == null || message.isBlank()) {
      message = t.getClass().getSimpleName();
    }
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  private static boolean isVerbose(ParseResult parseResult) {
    ParseResult pr = parseResult;
    while (pr != null) {
      if (pr.hasMatchedOption("--verbose")) {
        return true;
      }
      pr = pr.hasSubcommand() ? pr.subcommand() : null;
    }
    return false;
  }
}
