package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;

/** {@code jobpipe cron pause NAME}: no fires until resumed. */
@Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a recurring schedule: no fires until resumed.")
public final class CronPauseCommand extends CronEnabledCommand {
  public CronPauseCommand() {
    super(false);
  }
}
