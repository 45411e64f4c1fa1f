package dev.jobpipe.cli.command;

import dev.jobpipe.schemas.JobTopics;
import picocli.CommandLine.Option;

/** The {@code --type T} every dlq verb takes: the job type whose {@code jobs.T.dlq} it works on. */
final class DlqTypeOption {

  @Option(names = "--type", required = true, paramLabel = "T", description = "Job type (its DLQ is jobs.T.dlq).")
  String type;

  /** The type, validated: an invalid name is a usage error naming it. */
  String type() {
    return JobTopics.validateType(type);
  }

  JobTopics topics() {
    return JobTopics.of(type());
  }
}
