package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobPublisherConfig;
import dev.jobpipe.scheduler.PendingJob;
import dev.jobpipe.scheduler.PendingJobs;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe schedule cancel}: writes a tombstone for the job to {@code jobs.T.scheduled}, and
 * says whether the scheduler held it. A tombstone for a job that is not pending is harmless.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = "Cancel a scheduled job: a tombstone on jobs.T.scheduled; the job never runs if it was not yet due.")
public final class ScheduleCancelCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  SchedulerOptions scheduler;

  @Option(names = "--job-id", required = true, paramLabel = "ID", description = "The job to cancel.")
  String jobId;

  @Override
  public Integer call() {
    String type = scheduler.type();
    if (jobId.isBlank()) {
      throw new UserException("--job-id must not be blank", ExitCodes.USAGE, null);
    }
    Optional<PendingJob> pending;
    try {
      pending = PendingJobs.find(connection.clientProperties(), scheduler.applicationId, type, jobId, SchedulerOptions.TIMEOUT);
    } catch (IllegalStateException e) {
      pending = Optional.empty(); // no scheduler has run yet: nothing can be pending in it
    } catch (KafkaException e) {
      throw new UserException(e.getMessage(), e);
    }
    Map<String, Object> config = new HashMap<>(connection.clientProperties());
    config.put(JobPublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, connection.schemaRegistry());
    try (JobPublisher publisher = JobPublisher.create(config)) {
      publisher.cancelScheduled(type, jobId).join();
    } catch (CompletionException e) {
      throw new UserException(e.getCause().getMessage(), e.getCause());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (pending.isPresent()) {
      out.println("cancelled job " + jobId + " of type " + type + " (was due at " + pending.get().due() + ")");
    } else {
      out.println("job " + jobId + " of type " + type + " is not pending (unknown, already forwarded or cancelled);"
          + " the tombstone written is harmless");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
