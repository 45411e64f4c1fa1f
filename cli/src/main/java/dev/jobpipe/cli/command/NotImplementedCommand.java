package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of subcommands that the design names but that are not built yet: they say so and fail. */
abstract class NotImplementedCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("error: '" + spec.qualifiedName() + "' is not implemented yet");
    return ExitCodes.NOT_IMPLEMENTED;
  }
}
