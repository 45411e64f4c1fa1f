package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.scheduler.CronSchedule;
import dev.jobpipe.schemas.JobTopics;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jobpipe cron list}: every recurring schedule with its next five fire times. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the recurring schedules and their next 5 fire times.")
public final class CronListCommand implements Callable<Integer> {

  static final int NEXT_FIRES = 5;

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Override
  public Integer call() {
    Map<String, CronSchedule> schedules = new CronTopicClient(connection).all();
    PrintWriter out = spec.commandLine().getOut();
    Instant now = Instant.now();
    for (CronSchedule s : schedules.values()) {
      out.println(s.name() + "  type " + s.type() + ", " + s.describeTimes() + ", misfire " + s.misfire()
          + (s.key() != null ? ", key " + s.key() : "") + (s.enabled() ? "" : ", PAUSED"));
      if (s.enabled()) {
        out.println("  next: " + s.nextFireTimes(now, NEXT_FIRES).stream().map(Instant::toString)
            .collect(Collectors.joining(", ")));
      }
    }
    out.flush();
    spec.commandLine().getErr().println(schedules.size() + (schedules.size() == 1 ? " schedule" : " schedules")
        + " on " + JobTopics.CRON);
    return ExitCodes.OK;
  }
}
