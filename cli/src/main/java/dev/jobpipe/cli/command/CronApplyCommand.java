package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.producer.InvalidPayloadException;
import dev.jobpipe.producer.JsonPayloads;
import dev.jobpipe.scheduler.CronSchedule;
import dev.jobpipe.scheduler.CronSchedules;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import dev.jobpipe.schemas.serde.AvroCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe cron apply -f FILE}: checks every schedule of the file (fields, cron expression,
 * time zone, job type, payload against the type's schema) and writes them to {@code jobpipe.cron}
 * only when all are valid. Schedules not in the file are left alone.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Create or update the recurring schedules of a YAML file (see deploy/schedules.yaml); all or nothing.")
public final class CronApplyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The schedules file (YAML).")
  Path file;

  @Override
  public Integer call() {
    List<CronSchedule> schedules = parse();
    List<CronSchedule> encoded = new ArrayList<>();
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(new SchemaRegistryConfig(connection.registryProperties()))) {
      checkTypes(schedules);
      List<GenericRecord> payloads = new ArrayList<>();
      for (CronSchedule s : schedules) {
        try {
          payloads.add(JsonPayloads.fromJson(s.payload(), PublishSchemas.resolve(registry, s.type())));
        } catch (InvalidPayloadException e) {
          throw new UserException("schedule " + s.name() + ": payload does not fit the schema of " + s.type() + ": "
              + e.getMessage(), ExitCodes.USAGE, e);
        }
      }
      AvroCodec codec = new AvroCodec(registry, true);
      for (int i = 0; i < schedules.size(); i++) {
        CronSchedule s = schedules.get(i);
        encoded.add(s.withValue(codec.encode(JobTopics.of(s.type()).main() + "-value", payloads.get(i))));
      }
    } catch (KafkaException e) {
      throw new UserException(e.getMessage(), e);
    }
    new CronTopicClient(connection).put(encoded);
    PrintWriter out = spec.commandLine().getOut();
    Instant now = Instant.now();
    for (CronSchedule s : encoded) {
      out.println("applied " + s.name() + ": " + s.type() + ", " + s.describeTimes()
          + (s.enabled() ? ", next fire " + s.nextFireTimes(now, 1).stream().findFirst().map(Instant::toString).orElse("never")
              : ", paused"));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private List<CronSchedule> parse() {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserException("-f " + file + " does not exist", ExitCodes.USAGE, e);
    } catch (IOException e) {
      throw new UserException("cannot read -f " + file + ": " + e.getMessage(), ExitCodes.USAGE, e);
    }
    try {
      List<CronSchedule> schedules = CronSchedules.parseYaml(text);
      if (schedules.isEmpty()) {
        throw new UserException(file + ": no schedules in the file", ExitCodes.USAGE, null);
      }
      return schedules;
    } catch (IllegalArgumentException e) {
      throw new UserException(file + ": " + e.getMessage(), ExitCodes.USAGE, e);
    }
  }

  /** Every schedule's type must have its main topic: a fire of an unknown type would go nowhere. */
  private void checkTypes(List<CronSchedule> schedules) {
    try (Admin admin = Admin.create(connection.clientProperties())) {
      Set<String> topics = admin.listTopics().names().get(CronTopicClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      for (CronSchedule s : schedules) {
        String main = JobTopics.of(s.type()).main();
        if (!topics.contains(main)) {
          throw new UserException("schedule " + s.name() + ": unknown job type '" + s.type() + "': topic " + main
              + " does not exist (create it with: jobpipe topics apply --type " + s.type() + ")", ExitCodes.USAGE, null);
        }
      }
    } catch (ExecutionException e) {
      throw new UserException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new UserException("cannot reach Kafka at " + connection.bootstrapServers() + " to check the job types", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted", e);
    }
  }
}
