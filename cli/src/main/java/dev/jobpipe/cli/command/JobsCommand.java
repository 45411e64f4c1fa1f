package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jobpipe jobs}: what became of jobs, asked of the job ledger ({@code jobpipe ledger}). */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = "Ask the job ledger about jobs: show one, list them, wait for one to finish.",
    subcommands = {JobsShowCommand.class, JobsListCommand.class, JobsWaitCommand.class})
public final class JobsCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
