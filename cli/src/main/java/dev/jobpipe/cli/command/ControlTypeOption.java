package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.console.JobControl;
import dev.jobpipe.console.JobControlException;
import dev.jobpipe.schemas.JobTopics;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Option;

/** The {@code --type T} of the control verbs, and the one way they run a {@link JobControl} call. */
final class ControlTypeOption {

  @Option(names = "--type", required = true, paramLabel = "T", description = "Job type (its control topic is jobs.T.control).")
  String type;

  /** The type, validated: an invalid name is a usage error naming it. */
  String type() {
    return JobTopics.validateType(type);
  }

  /** Runs {@code call} with a client for {@code connection}; a failure of the cluster or the topic is one line, exit 1. */
  static <R> R withControl(ConnectionOptions connection, Function<JobControl, R> call) {
    try (JobControl control = JobControl.create(connection.clientProperties())) {
      return call.apply(control);
    } catch (JobControlException | KafkaException e) {
      throw new UserException(e.getMessage(), e);
    }
  }
}
