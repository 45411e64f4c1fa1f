package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.scheduler.CronSchedule;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jobpipe cron pause|resume NAME}: rewrites the schedule's definition with {@code enabled} set. */
abstract class CronEnabledCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  CronNameParameter name;

  private final boolean enabled;

  CronEnabledCommand(boolean enabled) {
    this.enabled = enabled;
  }

  @Override
  public Integer call() {
    CronTopicClient client = new CronTopicClient(connection);
    CronSchedule schedule = client.get(name.name);
    client.put(List.of(schedule.withEnabled(enabled)));
    spec.commandLine().getOut().println((enabled ? "resumed " : "paused ") + schedule.name());
    return ExitCodes.OK;
  }
}
