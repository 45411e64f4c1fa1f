package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jobpipe cron delete NAME}: a tombstone on {@code jobpipe.cron}; the schedule fires no more. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a recurring schedule.")
public final class CronDeleteCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  CronNameParameter name;

  @Override
  public Integer call() {
    CronTopicClient client = new CronTopicClient(connection);
    client.get(name.name);
    client.delete(name.name);
    spec.commandLine().getOut().println("deleted " + name.name);
    return ExitCodes.OK;
  }
}
