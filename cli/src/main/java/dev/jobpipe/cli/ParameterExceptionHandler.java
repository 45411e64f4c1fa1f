package dev.jobpipe.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** Bad command lines: one error line plus a pointer to {@code --help}, exit code {@link ExitCodes#USAGE}. */
final class ParameterExceptionHandler implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    cmd.getErr().println("error: " + ExecutionExceptionHandler.oneLine(ex));
    cmd.getErr().println("try '" + cmd.getCommandSpec().qualifiedName() + " --help'");
    cmd.getErr().flush();
    return ExitCodes.USAGE;
  }
}
