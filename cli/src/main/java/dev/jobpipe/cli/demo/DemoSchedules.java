package dev.jobpipe.cli.demo;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobPublisherConfig;
import dev.jobpipe.scheduler.CronSchedule;
import dev.jobpipe.scheduler.CronTopic;
import dev.jobpipe.scheduler.JobScheduler;
import dev.jobpipe.scheduler.MisfirePolicy;
import dev.jobpipe.scheduler.OverlapPolicy;
import dev.jobpipe.scheduler.SchedulerConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The scheduler part of the demo: an in-process {@link JobScheduler}, a few {@code email.send}
 * jobs scheduled seconds ahead, and a recurring schedule firing every few seconds. The workers'
 * success callback reports each run here, and {@link #report} prints how long after its due time
 * each one ran. The recurring schedule is deleted again on close.
 */
final class DemoSchedules implements AutoCloseable {

  static final String APPLICATION_ID = "jobpipe-demo-scheduler";
  static final String RECURRING = "demo-digest";
  static final Duration EVERY = Duration.ofSeconds(2);
  static final int ONE_OFF = 3;

  private final Map<String, Object> clientProperties;
  private final String registryUrl;
  private final PrintWriter out;
  private final MeterRegistry metrics;
  private final JobScheduler scheduler;
  private final Map<String, Instant> due = new ConcurrentHashMap<>();
  private final Map<String, Duration> oneOffLateness = new ConcurrentHashMap<>();
  private final Map<String, Duration> fireLateness = new ConcurrentHashMap<>();
  private boolean defined;

  DemoSchedules(Map<String, Object> clientProperties, String registryUrl, Path stateDir, MeterRegistry metrics,
      PrintWriter out) {
    this.clientProperties = clientProperties;
    this.registryUrl = registryUrl;
    this.out = out;
    this.metrics = metrics;
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(SchedulerConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    props.put(SchedulerConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(SchedulerConfig.TOPIC_REFRESH_MS_CONFIG, 1_000L);
    this.scheduler = JobScheduler.builder(new SchedulerConfig(props)).meterRegistry(metrics).build();
  }

  /** Starts the scheduler, schedules the one-off jobs {@code 3..5 s} ahead and defines the recurring one. */
  void start() throws Exception {
    scheduler.start();
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(JobPublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
    try (JobPublisher publisher = JobPublisher.create(props)) {
      Instant base = Instant.now().plusSeconds(3);
      for (int i = 0; i < ONE_OFF; i++) {
        Instant at = base.plusSeconds(i);
        String id = publisher.schedule(DemoWorkload.EMAIL, null, email("scheduled-" + i), at)
            .get(60, TimeUnit.SECONDS).jobId();
        due.put(id, Instant.ofEpochMilli(at.toEpochMilli()));
      }
    }
    define();
    out.printf("scheduled: %d email.send jobs due in 3-5 s; recurring '%s' every %ds%n",
        ONE_OFF, RECURRING, EVERY.toSeconds());
  }

  private void define() throws Exception {
    byte[] value;
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(registryUrl)) {
      value = new AvroCodec(registry, true).encode(JobTopics.of(DemoWorkload.EMAIL).main() + "-value", email("digest"));
    }
    CronSchedule digest = new CronSchedule(RECURRING, DemoWorkload.EMAIL, null, EVERY, null, "{}", null,
        MisfirePolicy.SKIP, OverlapPolicy.ALLOW, true, value);
    try (Admin admin = Admin.create(clientProperties)) {
      CronTopic.ensure(admin, Optional.empty());
    }
    write(digest.toJson());
    defined = true;
  }

  private void write(byte[] value) throws Exception {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(JobTopics.CRON, RECURRING.getBytes(StandardCharsets.UTF_8), value))
          .get(60, TimeUnit.SECONDS);
    }
  }

  private static EmailSend email(String what) {
    return EmailSend.newBuilder().setTo("ops@example.com").setSubject("Demo " + what).setBody("On time.").build();
  }

  /** Called for every job a demo worker finished: notes how late a scheduled job or a fire ran. */
  void ran(Job<?> job) {
    Instant now = Instant.now();
    Instant at = due.get(job.id());
    if (at != null) {
      oneOffLateness.putIfAbsent(job.id(), Duration.between(at, now));
    } else if (job.id().startsWith(RECURRING + "@")) {
      JobHeaders.notBefore(job.headers()).ifPresent(t -> fireLateness.putIfAbsent(job.id(), Duration.between(t, now)));
    }
  }

  /** Waits up to {@code timeout} for the one-off jobs and two fires, then prints when each ran. */
  void report(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while ((oneOffLateness.size() < ONE_OFF || fireLateness.size() < 2) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Timer forwards = metrics.find(MetricNames.SCHEDULER_FIRE_LATENESS).tag(MetricNames.TAG_TYPE, DemoWorkload.EMAIL)
        .timer();
    if (forwards != null && forwards.count() > 0) {
      out.printf("scheduler: wrote %d due jobs and fires to %s %.0f ms after their due time on average, %.0f ms at"
          + " most (jobpipe_scheduler_fire_lateness_seconds)%n", forwards.count(), JobTopics.of(DemoWorkload.EMAIL).main(),
          forwards.mean(TimeUnit.MILLISECONDS), forwards.max(TimeUnit.MILLISECONDS));
    }
    out.printf("scheduled jobs: %d of %d ran, finished %s after their due time (queued behind the burst of"
        + " email.send jobs, handler time included)%n", oneOffLateness.size(), ONE_OFF,
        range(List.copyOf(oneOffLateness.values())));
    out.printf("recurring '%s': %d fires, each finished %s after its fire time; ids like %s%n",
        RECURRING, fireLateness.size(), range(List.copyOf(fireLateness.values())),
        fireLateness.keySet().stream().sorted().findFirst().orElse("-"));
    out.flush();
  }

  private static String range(List<Duration> values) {
    if (values.isEmpty()) {
      return "-";
    }
    long min = values.stream().mapToLong(Duration::toMillis).min().orElseThrow();
    long max = values.stream().mapToLong(Duration::toMillis).max().orElseThrow();
    return String.format("%.2f-%.2f s", min / 1000.0, max / 1000.0);
  }

  /** Deletes the recurring schedule (so no later scheduler fires it) and stops the scheduler. */
  @Override
  public void close() throws Exception {
    try {
      if (defined) {
        write(null);
      }
    } finally {
      scheduler.close();
    }
  }
}
