package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.scheduler.CronFire;
import dev.jobpipe.scheduler.CronSchedule;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe cron trigger NAME}: one fire now, outside the schedule: the job
 * {@code NAME@<now>} is written straight to {@code jobs.T}; the schedule's own fires go on.
 */
@Command(name = "trigger", mixinStandardHelpOptions = true, description = "Fire a recurring schedule once, now.")
public final class CronTriggerCommand implements Callable<Integer> {

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
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    CronFire fire = CronFire.of(schedule, now, now);
    client.send(List.of(new ProducerRecord<>(fire.topic(), null, now.toEpochMilli(), fire.key(), fire.value(), fire.headers())));
    spec.commandLine().getOut().println(fire.jobId());
    return ExitCodes.OK;
  }
}
