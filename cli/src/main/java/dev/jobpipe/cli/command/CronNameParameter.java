package dev.jobpipe.cli.command;

import picocli.CommandLine.Parameters;

/** The schedule name argument of the {@code jobpipe cron} verbs that act on one schedule. */
public final class CronNameParameter {
  @Parameters(index = "0", paramLabel = "NAME", description = "Name of the recurring schedule.")
  String name;
}
