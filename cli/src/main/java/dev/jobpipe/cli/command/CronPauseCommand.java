package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.scheduler.CronSchedule;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jobpipe cron pause NAME}: rewrites the schedule with {@code enabled: false}. */
@Command(name = "pause", mixinStandardHelpOptions = true,
    description = "Pause a recurring schedule: no fires until resumed.")
public final class CronPauseCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  CronNameParameter name;

  @Override
  public Integer call() {
    CronTopicClient client = new CronTopicClient(connection);
    CronSchedule schedule = client.get(name.name);
    client.put(List.of(schedule.withEnabled(false)));
    spec.commandLine().getOut().println("paused " + schedule.name());
    return ExitCodes.OK;
  }
}
