package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.scheduler.CronSchedules;
import dev.jobpipe.scheduler.JobScheduler;
import dev.jobpipe.scheduler.SchedulerConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code publish --at/--in}, {@code schedule list|cancel} and {@code cron ...} against the real broker and registry. */
@ExtendWith(JobpipeStackExtension.class)
class ScheduleCommandIT {

  private static final String IMAGE = "{\"imageUrl\": \"s3://b/cat.png\", \"width\": 64, \"height\": 48}";

  private static String uniqueType(String prefix) {
    return prefix + "." + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
  }

  private static CliRun jobpipe(JobpipeStack stack, String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--bootstrap-servers=" + stack.bootstrapServers();
    all[args.length + 1] = "--schema-registry=" + stack.registryUrl();
    return CliRun.of(all);
  }

  /** An image-resize-shaped type with its topics. */
  private static String imageType(JobpipeStack stack, String prefix) {
    String type = uniqueType(prefix);
    CliRun apply = jobpipe(stack, "topics", "apply", "--type", type, "--partitions", "2");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    try (dev.jobpipe.schemas.registry.SchemaRegistryClient registry =
        dev.jobpipe.schemas.registry.SchemaRegistryClient.create(stack.registryUrl())) {
      registry.register(JobTopics.of(type).main() + "-value", dev.jobpipe.schemas.jobs.ImageResize.getClassSchema());
    }
    return type;
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(JobpipeStack stack, String topic) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
      });
      return out;
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--at|2020-01-01T00:00:00Z|" + ExitCodes.USAGE + "|is in the past",
    "--at|next tuesday|" + ExitCodes.USAGE + "|--at: invalid time 'next tuesday'",
    "--in|5 parsecs|" + ExitCodes.USAGE + "|--in:",
  })
  void aBadTimeIsRefusedAndNothingIsWritten(String option, String value, int exit, String message, JobpipeStack stack) {
    String type = imageType(stack, "cli.sched.bad");
    CliRun run = jobpipe(stack, "publish", "--type", type, "--json", IMAGE, option, value);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(exit);
    assertThat(run.err()).contains(message);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(readAll(stack, JobTopics.of(type).scheduled())).isEmpty();
  }

  @Test
  void aPayloadNotFittingTheSchemaOrAnUnknownTypeIsRefusedAndNothingIsWritten(JobpipeStack stack) {
    String type = imageType(stack, "cli.sched.payload");
    CliRun bad = jobpipe(stack, "publish", "--type", type, "--json", "{\"imageUrl\": 5}", "--in", "10s");
    assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err().lines()).hasSize(1);
    assertThat(readAll(stack, JobTopics.of(type).scheduled())).isEmpty();

    CliRun unknown = jobpipe(stack, "publish", "--type", uniqueType("cli.sched.none"), "--json", IMAGE, "--in", "10s");
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(unknown.err()).contains("does not exist");
    assertThat(unknown.err().lines()).hasSize(1);
  }

  @Test
  void scheduledJobsAreListedCancelledAndForwarded(JobpipeStack stack, @TempDir Path state) {
    String type = imageType(stack, "image.resize.cli");
    String app = "cli-it-" + type;
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(SchedulerConfig.APPLICATION_ID_CONFIG, app);
    props.put(SchedulerConfig.STATE_DIR_CONFIG, state.toString());
    props.put(SchedulerConfig.TOPIC_REFRESH_MS_CONFIG, 500L);
    try (JobScheduler scheduler = JobScheduler.builder(new SchedulerConfig(props)).build()) {
      scheduler.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> scheduler.health().ready());
      CliRun later = jobpipe(stack, "publish", "--type", type, "--json", IMAGE, "--count", "2", "--in", "10m", "--key", "k1");
      assertThat(later.exitCode()).as(later.toString()).isZero();
      assertThat(later.err()).contains("scheduled 2 jobs to " + JobTopics.of(type).scheduled());
      List<String> ids = later.out().lines().toList();

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        CliRun list = jobpipe(stack, "schedule", "list", "--type", type, "--application-id", app);
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains(ids.get(0), ids.get(1), "k1");
      });
      CliRun cancel = jobpipe(stack, "schedule", "cancel", "--type", type, "--job-id", ids.get(0), "--application-id", app);
      assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
      assertThat(cancel.out()).startsWith("cancelled job " + ids.get(0));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        CliRun list = jobpipe(stack, "schedule", "list", "--type", type, "--application-id", app);
        assertThat(list.out()).contains(ids.get(1)).doesNotContain(ids.get(0));
      });
      CliRun before = jobpipe(stack, "schedule", "list", "--type", type, "--application-id", app,
          "--before", Instant.now().plusSeconds(60).toString());
      assertThat(before.out()).doesNotContain(ids.get(1));
      CliRun again = jobpipe(stack, "schedule", "cancel", "--type", type, "--job-id", "no-such-job", "--application-id", app);
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).contains("is not pending");

      CliRun soon = jobpipe(stack, "publish", "--type", type, "--json", IMAGE, "--in", "2s");
      String soonId = soon.out().strip();
      Instant published = Instant.now();
      await().atMost(Duration.ofSeconds(30)).until(() -> readAll(stack, JobTopics.of(type).main()).stream()
          .anyMatch(r -> JobHeaders.jobId(r.headers()).orElse("").equals(soonId)));
      ConsumerRecord<byte[], byte[]> forwarded = readAll(stack, JobTopics.of(type).main()).getFirst();
      assertThat(JobHeaders.jobId(forwarded.headers())).contains(soonId);
      assertThat(forwarded.timestamp()).isGreaterThanOrEqualTo(JobHeaders.notBefore(forwarded.headers()).orElseThrow().toEpochMilli());
      assertThat(readAll(stack, JobTopics.of(type).main())).hasSize(1);
      assertThat(published).isNotNull();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "cron: 'every day'|cron expression 'every day' must have 5 fields",
    "cron: '61 2 * * *'|cron expression '61 2 * * *' does not parse",
    "cron: '0 2 * * *', zone: Atlantis/Capital|unknown time zone 'Atlantis/Capital'",
    "every: 1h, payload2: {}|unknown field 'payload2'",
  })
  void aBadScheduleFileIsRefusedWithOneLineAndNothingIsWritten(String fields, String message, JobpipeStack stack,
      @TempDir Path dir) throws Exception {
    String type = imageType(stack, "cli.cron.bad");
    String name = "bad-" + type.replace('.', '-');
    Path file = Files.writeString(dir.resolve("s.yaml"), """
        schedules:
          - {name: %s, type: %s, %s, payload: {imageUrl: u, width: 1, height: 1}}
        """.formatted(name, type, fields));
    CliRun run = jobpipe(stack, "cron", "apply", "-f", file.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains(message);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(CronSchedules.read(stack.clientProperties(), Duration.ofSeconds(30))).doesNotContainKey(name);
  }

  @Test
  void anUnknownTypeOrAPayloadNotFittingItsSchemaIsRefusedAndNothingIsWritten(JobpipeStack stack, @TempDir Path dir)
      throws Exception {
    String type = imageType(stack, "cli.cron.payload");
    String good = "good-" + type.replace('.', '-');
    Path file = Files.writeString(dir.resolve("s.yaml"), """
        schedules:
          - {name: %s, type: %s, every: 1h, payload: {imageUrl: u, width: 1, height: 1}}
          - {name: wrong-%s, type: %s, every: 1h, payload: {imageUrl: u, width: "wide"}}
        """.formatted(good, type, good, type));
    CliRun run = jobpipe(stack, "cron", "apply", "-f", file.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("schedule wrong-" + good + ": payload does not fit the schema of " + type);
    assertThat(run.err().lines()).hasSize(1);

    Path unknown = Files.writeString(dir.resolve("u.yaml"), """
        schedules:
          - {name: %s, type: %s, every: 1h, payload: {imageUrl: u, width: 1, height: 1}}
        """.formatted(good, "no.such." + type));
    CliRun missing = jobpipe(stack, "cron", "apply", "-f", unknown.toString());
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("unknown job type 'no.such." + type + "'");
    assertThat(CronSchedules.read(stack.clientProperties(), Duration.ofSeconds(30))).doesNotContainKey(good);
  }

  @Test
  void cronApplyListPauseResumeTriggerDelete(JobpipeStack stack, @TempDir Path dir) throws Exception {
    String type = imageType(stack, "image.resize.cron");
    String name = "hourly-" + type.replace('.', '-');
    Path file = Files.writeString(dir.resolve("s.yaml"), """
        schedules:
          - name: %s
            type: %s
            cron: "0 * * * *"
            zone: Europe/Berlin
            payload: {imageUrl: "s3://b/x.png", width: 10, height: 20}
            key: thumbs
            misfire: catch-up(2)
        """.formatted(name, type));
    try {
      CliRun apply = jobpipe(stack, "cron", "apply", "-f", file.toString());
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      assertThat(apply.out()).startsWith("applied " + name + ": " + type + ", cron '0 * * * *' Europe/Berlin, next fire ");

      CliRun list = jobpipe(stack, "cron", "list");
      assertThat(list.exitCode()).as(list.toString()).isZero();
      String next = list.out().lines().dropWhile(l -> !l.startsWith(name)).skip(1).findFirst().orElseThrow();
      assertThat(next.strip()).startsWith("next: ");
      assertThat(next.split(", ")).hasSize(5);

      assertThat(jobpipe(stack, "cron", "pause", name).out()).startsWith("paused " + name);
      assertThat(CronSchedules.read(stack.clientProperties(), Duration.ofSeconds(30)).get(name).enabled()).isFalse();
      assertThat(jobpipe(stack, "cron", "list").out()).contains(name + "  type " + type).contains("PAUSED");
      assertThat(jobpipe(stack, "cron", "resume", name).out()).startsWith("resumed " + name);
      assertThat(CronSchedules.read(stack.clientProperties(), Duration.ofSeconds(30)).get(name).enabled()).isTrue();

      CliRun trigger = jobpipe(stack, "cron", "trigger", name);
      assertThat(trigger.exitCode()).as(trigger.toString()).isZero();
      String fireId = trigger.out().strip();
      assertThat(fireId).startsWith(name + "@");
      ConsumerRecord<byte[], byte[]> fire = readAll(stack, JobTopics.of(type).main()).getFirst();
      assertThat(JobHeaders.jobId(fire.headers())).contains(fireId);
      assertThat(JobHeaders.string(fire.headers(), JobHeaders.SCHEDULE_NAME)).contains(name);
      assertThat(new String(fire.key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("thumbs");

      CliRun unknown = jobpipe(stack, "cron", "pause", "no-such-schedule");
      assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(unknown.err()).contains("no recurring schedule named 'no-such-schedule'");
      CliRun delete = jobpipe(stack, "cron", "delete", name);
      assertThat(delete.exitCode()).as(delete.toString()).isZero();
      assertThat(delete.out()).startsWith("deleted " + name);
    } finally {
      jobpipe(stack, "cron", "delete", name);
    }
    assertThat(CronSchedules.read(stack.clientProperties(), Duration.ofSeconds(30))).doesNotContainKey(name);
  }
}
