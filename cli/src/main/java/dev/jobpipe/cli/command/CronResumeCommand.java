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

/** {@code jobpipe cron resume NAME}: rewrites the schedule with {@code enabled: true}. */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = "Resume a paused schedule; the paused period is not caught up.")
public final class CronResumeCommand implements Callable<Integer> {

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
    client.put(List.of(schedule.withEnabled(true)));
    spec.commandLine().getOut().println("resumed " + schedule.name());
    return ExitCodes.OK;
  }
}
