package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jobpipe topics}: the topics of job types, as code. Prints usage; the verbs are subcommands. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Create or update the topics of a job type.",
    subcommands = {TopicsApplyCommand.class})
public final class TopicsCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
