package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;

/** {@code jobpipe schedule}: the one-off jobs waiting in the scheduler. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
    description = {
      "List and cancel one-off scheduled jobs (publish them with jobpipe publish --at/--in).",
      "Pending jobs are read from the scheduler's store changelog, so the answer covers every scheduler instance."
    },
    subcommands = {ScheduleListCommand.class, ScheduleCancelCommand.class})
public final class ScheduleCommand {}
