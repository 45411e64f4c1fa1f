package dev.jobpipe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.jobs.ImageResize;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import dev.jobpipe.testkit.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recurring schedules through the real broker: the fire times of a daily schedule across a DST
 * transition (the scheduler on a clock set to the night the clocks go back in Berlin), and the
 * overlap policy {@code skip} against a real worker, whose {@code jobs.T.done} record releases the
 * schedule. Every definition a test writes to the shared {@code jobpipe.cron} is deleted again.
 */
@ExtendWith(JobpipeStackExtension.class)
class CronIT {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  /** Payload bytes of schedules whose fires no worker reads. */
  private static final byte[] UNREAD = {0, 0, 0, 0, 1, 2};

  @Test
  void aDailyBerlinScheduleFiresOnceOnTheNightTheClocksGoBack(JobpipeStack stack, @TempDir Path state)
      throws Exception {
    String type = SchedulerIt.uniqueType("cron.dst");
    String main = JobTopics.of(type).main();
    stack.createTopic(main, 1);
    keepForever(stack, main); // the fires carry October timestamps, which retention would delete
    String nightly = "nightly-" + type.replace('.', '-');
    String tick = "tick-" + type.replace('.', '-');
    // 2026-10-25 in Berlin: 03:00 CEST goes back to 02:00 CET, so 02:30 happens at 00:30Z and at 01:30Z
    Instant start = Instant.parse("2026-10-24T22:00:00Z");
    MutableClock clock = MutableClock.running(start);
    try (KafkaProducer<byte[], byte[]> producer = producer(stack);
         SchedulerIt.Reader reader = new SchedulerIt.Reader(stack, main)) {
      try {
        // catch-up: were the second 02:30 a fire time, it would be fired late once the next day's fire is due
        define(producer, new CronSchedule(nightly, type, "30 2 * * *", null, BERLIN, "{}", null,
            MisfirePolicy.parse("catch-up(3)"), OverlapPolicy.ALLOW, true, UNREAD), start.minusSeconds(60));
        // fires every second of the scheduler's clock: a tick at t + 1 s means its punctuations passed t
        define(producer, new CronSchedule(tick, type, null, Duration.ofSeconds(1), null, "{}", null, MisfirePolicy.SKIP,
            OverlapPolicy.ALLOW, true, UNREAD), start.minusSeconds(60));
        try (JobScheduler scheduler = JobScheduler.builder(SchedulerIt.schedulerConfig(stack, "it-" + type, state, null,
            Map.of(SchedulerConfig.CRON_MISFIRE_GRACE_MS_CONFIG, 10_000L))).clock(clock).start()) {
          await().atMost(Duration.ofSeconds(90)).until(() -> !fires(reader, tick).isEmpty());
          for (String t : List.of("2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z")) {
            Instant fireTime = Instant.parse(t);
            clock.set(fireTime.minusSeconds(2));
            await().atMost(Duration.ofSeconds(60)).until(() -> latestFire(reader, tick).isAfter(fireTime));
          }
          assertThat(scheduler.termination()).isNotDone();
        }
      } finally {
        delete(producer, nightly, tick);
      }
      assertThat(fires(reader, nightly)).containsExactly(
          CronSchedule.fireId(nightly, Instant.parse("2026-10-25T00:30:00Z")),
          CronSchedule.fireId(nightly, Instant.parse("2026-10-26T01:30:00Z")));
      assertThat(reader.arrivals).filteredOn(a -> nightly.equals(a.scheduleName())).allSatisfy(a ->
          assertThat(a.timestamp()).as("forwarded at").isGreaterThanOrEqualTo(a.notBefore().toEpochMilli()));
    }
  }

  @Test
  void anOverlapSkipScheduleWaitsUntilItsRunningFireIsDoneThenFiresAgain(JobpipeStack stack, @TempDir Path state)
      throws Exception {
    String type = SchedulerIt.uniqueType("cron.skip");
    JobTopics topics = JobTopics.of(type);
    for (String topic : List.of(topics.main(), topics.done(), topics.failed(), topics.dlq(), topics.control())) {
      stack.createTopic(topic, 1);
    }
    String name = "skip-" + type.replace('.', '-');
    byte[] value;
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl())) {
      value = new AvroCodec(registry, true).encode(topics.main() + "-value",
          ImageResize.newBuilder().setImageUrl("s3://b/cron").setWidth(1).setHeight(1).build());
    }
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    List<String> started = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    try (KafkaProducer<byte[], byte[]> producer = producer(stack);
         SchedulerIt.Reader reader = new SchedulerIt.Reader(stack, topics.main());
         JobScheduler scheduler = JobScheduler.builder(SchedulerIt.schedulerConfig(stack, "it-" + type, state, null))
             .meterRegistry(metrics).start();
         JobWorker worker = JobWorker.builder(type, ImageResize.class, job -> {
               started.add(job.id());
               if (started.size() == 1) {
                 release.await(); // the first fire runs until the test lets it end
               }
             })
             .config(stack.clientProperties()).schemaRegistryUrl(stack.registryUrl())
             .commitInterval(Duration.ofMillis(100)).build()) {
      try {
        worker.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> scheduler.health().ready());
        define(producer, new CronSchedule(name, type, null, Duration.ofSeconds(1), null, "{}", null, MisfirePolicy.SKIP,
            OverlapPolicy.SKIP, true, value), Instant.now());
        await().atMost(Duration.ofSeconds(90)).until(() -> !started.isEmpty());
        String first = started.getFirst();
        // fire times pass while the first fire runs: each is skipped, none is written
        await().atMost(Duration.ofSeconds(60)).until(() -> count(metrics, name, "overlap_skipped") >= 3);
        assertThat(fires(reader, name)).containsExactly(first);

        release.countDown(); // the worker writes jobs.T.done for the first fire; the schedule fires again
        await().atMost(Duration.ofSeconds(60)).until(() -> started.size() >= 2);
        String second = started.get(1);
        assertThat(fireTime(second)).isAfterOrEqualTo(fireTime(first).plusSeconds(3));
        await().atMost(Duration.ofSeconds(30)).until(() -> fires(reader, name).size() >= 2);
        assertThat(fires(reader, name).subList(0, 2)).containsExactly(first, second);
      } finally {
        release.countDown();
        delete(producer, name);
      }
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(JobpipeStack stack) {
    return new KafkaProducer<>(stack.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Writes a definition as {@code jobpipe cron apply} would, dated {@code at}: a new schedule fires from then. */
  private static void define(KafkaProducer<byte[], byte[]> producer, CronSchedule schedule, Instant at)
      throws Exception {
    producer.send(new ProducerRecord<>(JobTopics.CRON, null, at.toEpochMilli(), bytes(schedule.name()),
        schedule.toJson())).get(30, TimeUnit.SECONDS);
  }

  private static void delete(KafkaProducer<byte[], byte[]> producer, String... names) throws Exception {
    for (String name : names) {
      producer.send(new ProducerRecord<>(JobTopics.CRON, bytes(name), null)).get(30, TimeUnit.SECONDS);
    }
  }

  /** Fire ids of schedule {@code name} read on {@code jobs.T}, in order. */
  private static List<String> fires(SchedulerIt.Reader reader, String name) {
    return reader.arrivals.stream().filter(a -> name.equals(a.scheduleName())).map(SchedulerIt.Arrival::jobId).toList();
  }

  private static Instant latestFire(SchedulerIt.Reader reader, String name) {
    return reader.arrivals.stream().filter(a -> name.equals(a.scheduleName())).map(SchedulerIt.Arrival::notBefore)
        .max(Instant::compareTo).orElse(Instant.EPOCH);
  }

  private static Instant fireTime(String fireId) {
    return Instant.parse(fireId.substring(fireId.lastIndexOf('@') + 1));
  }

  private static double count(SimpleMeterRegistry registry, String name, String outcome) {
    Collection<Counter> counters = registry.find(MetricNames.CRON_FIRES).tag(MetricNames.TAG_NAME, name)
        .tag(MetricNames.TAG_OUTCOME, outcome).counters();
    return counters.stream().mapToDouble(Counter::count).sum();
  }

  private static void keepForever(JobpipeStack stack, String topic) throws Exception {
    try (Admin admin = Admin.create(stack.clientProperties())) {
      admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
          new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"), AlterConfigOp.OpType.SET))))
          .all().get(30, TimeUnit.SECONDS);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
