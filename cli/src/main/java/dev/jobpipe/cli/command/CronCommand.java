package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;

/** {@code jobpipe cron}: recurring schedules on the compacted {@code jobpipe.cron} topic. */
@Command(name = "cron", mixinStandardHelpOptions = true,
    description = {
      "Manage recurring jobs: definitions on the compacted jobpipe.cron topic, fired by jobpipe scheduler.",
      "Each fire is a job with id NAME@<fire time ISO-8601> and header jobpipe.schedule.name."
    },
    subcommands = {
      CronApplyCommand.class,
      CronListCommand.class,
      CronPauseCommand.class,
      CronResumeCommand.class,
      CronTriggerCommand.class,
      CronDeleteCommand.class
    })
public final class CronCommand {}
