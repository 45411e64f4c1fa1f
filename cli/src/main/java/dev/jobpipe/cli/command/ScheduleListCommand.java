package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.dlq.Times;
import dev.jobpipe.scheduler.PendingJob;
import dev.jobpipe.scheduler.PendingJobs;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobpipe schedule list}: the pending one-off jobs of a type, earliest due first. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the pending scheduled jobs of a type: due time, job id, key.")
public final class ScheduleListCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  SchedulerOptions scheduler;

  @Option(names = "--before", paramLabel = "TIME", description = "Only jobs due before this time (ISO-8601).")
  String before;

  @Override
  public Integer call() {
    String type = scheduler.type();
    Instant until = null;
    if (before != null) {
      try {
        until = Times.parse(before, Clock.systemUTC());
      } catch (IllegalArgumentException e) {
        throw new UserException("--before: " + e.getMessage(), ExitCodes.USAGE, e);
      }
    }
    List<PendingJob> jobs;
    try {
      jobs = PendingJobs.read(connection.clientProperties(), scheduler.applicationId, type, until, SchedulerOptions.TIMEOUT);
    } catch (IllegalStateException | KafkaException e) {
      throw new UserException(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!jobs.isEmpty()) {
      out.printf("%-24s  %-36s  %s%n", "DUE", "JOB ID", "KEY");
      for (PendingJob job : jobs) {
        out.printf("%-24s  %-36s  %s%n", job.due(), job.jobId(), job.key());
      }
    }
    out.flush();
    spec.commandLine().getErr().println(jobs.size() + (jobs.size() == 1 ? " pending job" : " pending jobs")
        + " of type " + type + (until != null ? " due before " + until : ""));
    return ExitCodes.OK;
  }
}
