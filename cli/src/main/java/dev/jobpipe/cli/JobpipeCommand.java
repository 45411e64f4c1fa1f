package dev.jobpipe.cli;

import dev.jobpipe.cli.command.AclsCommand;
import dev.jobpipe.cli.command.CancelCommand;
import dev.jobpipe.cli.command.CronCommand;
import dev.jobpipe.cli.command.DemoCommand;
import dev.jobpipe.cli.command.PauseCommand;
import dev.jobpipe.cli.command.RateCommand;
import dev.jobpipe.cli.command.ResumeCommand;
import dev.jobpipe.cli.command.StatusCommand;
import dev.jobpipe.cli.command.DevCommand;
import dev.jobpipe.cli.command.DlqCommand;
import dev.jobpipe.cli.command.JobsCommand;
import dev.jobpipe.cli.command.ConsoleCommand;
import dev.jobpipe.cli.command.LedgerCommand;
import dev.jobpipe.cli.command.PublishCommand;
import dev.jobpipe.cli.command.ReplayCommand;
import dev.jobpipe.cli.command.RouterCommand;
import dev.jobpipe.cli.command.ScheduleCommand;
import dev.jobpipe.cli.command.SchedulerCommand;
import dev.jobpipe.cli.command.TopicsCommand;
import dev.jobpipe.cli.command.WorkerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root {@code jobpipe} command: prints usage; every verb is a subcommand. */
@Command(
    name = "jobpipe",
    mixinStandardHelpOptions = true,
    versionProvider = JobpipeVersion.class,
    description = "Kafka-based background jobs: publish, run, retry, dead-letter, replay.",
    subcommands = {
      DevCommand.class,
      TopicsCommand.class,
      PublishCommand.class,
      WorkerCommand.class,
      RouterCommand.class,
      DlqCommand.class,
      ReplayCommand.class,
      AclsCommand.class,
      SchedulerCommand.class,
      ScheduleCommand.class,
      CronCommand.class,
      LedgerCommand.class,
      ConsoleCommand.class,
      JobsCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      RateCommand.class,
      CancelCommand.class,
      StatusCommand.class,
      DemoCommand.class
    })
public final class JobpipeCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
