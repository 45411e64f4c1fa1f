package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;

/** {@code jobpipe cron resume NAME}: fires again from now on; the paused period is not caught up. */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = "Resume a paused schedule; the paused period is not caught up.")
public final class CronResumeCommand extends CronEnabledCommand {
  public CronResumeCommand() {
    super(true);
  }
}
