package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.scheduler.SchedulerConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of {@code jobpipe schedule} verbs: the job type and the scheduler whose store to read. */
public final class SchedulerOptions {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Option(names = "--type", required = true, paramLabel = "T", description = "Job type (jobs.T.scheduled).")
  String type;

  @Option(names = "--application-id", paramLabel = "ID", defaultValue = SchedulerConfig.DEFAULT_APPLICATION_ID,
      description = "Application id of the scheduler (default ${DEFAULT-VALUE}).")
  String applicationId;

  /** The job type, validated. */
  String type() {
    try {
      return JobTopics.validateType(type);
    } catch (IllegalArgumentException e) {
      throw new UserException("--type: " + e.getMessage(), ExitCodes.USAGE, e);
    }
  }
}
