package dev.jobpipe.bench.scenario;

import dev.jobpipe.bench.report.Percentiles;
import dev.jobpipe.bench.report.ResultRow;
import dev.jobpipe.bench.report.Summary;
import dev.jobpipe.bench.report.Target;
import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobReceipt;
import dev.jobpipe.scheduler.JobScheduler;
import dev.jobpipe.scheduler.SchedulerConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Lateness of scheduled jobs on the scale of the retry scenario: 10,000 jobs scheduled through
 * {@link JobPublisher#schedule} onto {@code jobs.T.scheduled}, due at 2,000 per second, moved to
 * {@code jobs.T} by one {@link JobScheduler} in the harness's JVM (default settings); lateness = the
 * job's arrival in {@code jobs.T} (read_committed consumer, wall clock) − its due time.
 */
public final class ScheduleScenario implements Scenario {
  static final String TYPE = "bench-schedule";
  /** Due jobs per second, as the retry scenario's failures. */
  static final double RATE = 2_000;
  /** Lead time before the first due time, so the scheduler has stored every job before any is due. */
  private static final Duration LEAD = Duration.ofSeconds(15);

  @Override
  public String name() {
    return "schedule";
  }

  @Override
  public List<ResultRow> run(BenchContext ctx) throws Exception {
    JobTopics topics = JobTopics.of(TYPE);
    ctx.createJobTopics(TYPE, 6);
    ctx.createTopics(List.of(topics.scheduled()), 6);
    int jobs = ctx.options().retries();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Path stateDir = Files.createTempDirectory("jobpipe-bench-scheduler-");
    Map<String, Object> props = new HashMap<>();
    props.put(SchedulerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.bootstrapServers());
    props.put(SchedulerConfig.APPLICATION_ID_CONFIG, "bench-scheduler");
    props.put(SchedulerConfig.STATE_DIR_CONFIG, stateDir.toString());
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> max = new ArrayList<>();
    List<String> runNotes = new ArrayList<>();
    try (JobScheduler scheduler = JobScheduler.builder(new SchedulerConfig(props)).meterRegistry(meters).build();
         JobPublisher publisher = JobPublisher.create(ctx.publisherConfig());
         KafkaConsumer<byte[], byte[]> arrivals = new KafkaConsumer<>(RetryScenario.arrivalProps(ctx))) {
      scheduler.start();
      RetryScenario.awaitReady("scheduler", scheduler.health(), scheduler.termination());
      List<TopicPartition> partitions = arrivals.partitionsFor(topics.main()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      arrivals.assign(partitions);
      arrivals.seekToEnd(partitions);
      partitions.forEach(arrivals::position);
      // one unmeasured round of a fifth of the jobs: the scheduler's first writes and the
      // publisher's and scheduler's hot paths are not the measured rounds' cost
      Round warmup = round(publisher, arrivals, meters, jobs / 5);
      Console.line("schedule warm-up: %,d scheduled jobs, %s; lateness p99 %d ms", jobs / 5, warmup.stored(),
          warmup.lateness().at(0.99));
      for (int run = 0; run < ctx.options().runs(); run++) {
        Round r = round(publisher, arrivals, meters, jobs);
        Percentiles lateness = r.lateness();
        p50.add((double) lateness.at(0.5));
        p99.add((double) lateness.at(0.99));
        max.add((double) lateness.max());
        runNotes.add(String.format(Locale.ROOT, "run %d: published in %.1f s, %s", run + 1, r.publishSeconds(), r.stored()));
        Console.line("schedule run %d/%d: %,d scheduled jobs, %s; lateness p50 %d ms, p99 %d ms, max %d ms", run + 1,
            ctx.options().runs(), jobs, r.stored(), lateness.at(0.5), lateness.at(0.99), lateness.max());
      }
    } finally {
      RetryScenario.deleteQuietly(stateDir);
    }
    ctx.note(String.format(Locale.ROOT, "scheduled-job lateness: %,d jobs per run scheduled by JobPublisher.schedule onto %s,"
        + " due at %,.0f/s from %d s after the run's start (so the scheduler has stored them all before the first is"
        + " due; after one unmeasured round of a fifth of them), moved to %s by one JobScheduler in the harness's JVM"
        + " (default settings); lateness = arrival in %s"
        + " (read_committed consumer, wall clock) − due time. %s.", jobs, topics.scheduled(), RATE, LEAD.toSeconds(),
        topics.main(), topics.main(), String.join("; ", runNotes)));
    String scale = String.format(Locale.ROOT, "%,d scheduled jobs due at %,.0f/s", jobs, RATE);
    return List.of(
        new ResultRow("scheduled job lateness p50, " + scale, "ms", Summary.of(p50), null, null, null, null),
        new ResultRow("scheduled job lateness p99, " + scale, "ms", Summary.of(p99), null, null,
            Target.atMost(100, "ms"), null),
        new ResultRow("scheduled job lateness max, " + scale, "ms", Summary.of(max), null, null, null, null));
  }

  /** One round: its lateness, how long publishing took, and whether every job was stored before the first was due. */
  private record Round(Percentiles lateness, double publishSeconds, String stored) {}

  /** Schedules {@code jobs} jobs due from {@link #LEAD} on at {@link #RATE} and times their arrival. */
  private static Round round(JobPublisher publisher, KafkaConsumer<byte[], byte[]> arrivals, SimpleMeterRegistry meters,
      int jobs) throws InterruptedException {
    long startMillis = System.currentTimeMillis();
    Instant base = Instant.ofEpochMilli(startMillis).plus(LEAD);
    Map<String, Long> due = new HashMap<>(jobs * 2);
    List<CompletableFuture<JobReceipt>> sent = new ArrayList<>(jobs);
    long[] dueMillis = new long[jobs];
    double pendingBefore = pending(meters);
    for (int i = 0; i < jobs; i++) {
      Instant at = base.plusNanos((long) (1e9 * i / RATE));
      dueMillis[i] = at.toEpochMilli();
      sent.add(publisher.schedule(TYPE, null, Payloads.emailOfValueSize(256), at));
    }
    for (int i = 0; i < jobs; i++) {
      due.put(sent.get(i).join().jobId(), dueMillis[i]);
    }
    long published = System.currentTimeMillis();
    while (pending(meters) < pendingBefore + jobs && Instant.now().isBefore(base)) {
      Thread.sleep(20);
    }
    long storedMillisBeforeDue = base.toEpochMilli() - System.currentTimeMillis();
    Percentiles lateness = collect(arrivals, due, Duration.between(Instant.now(), base).plusSeconds(120 + jobs / (long) RATE));
    String stored = storedMillisBeforeDue > 0
        ? String.format(Locale.ROOT, "all stored %.1f s before the first was due", storedMillisBeforeDue / 1e3)
        : "NOT all stored before the first was due (lateness includes the ingest lag)";
    return new Round(lateness, (published - startMillis) / 1e3, stored);
  }

  /** Jobs the scheduler holds, all types; 0 before it reports. */
  private static double pending(SimpleMeterRegistry meters) {
    return meters.find(MetricNames.SCHEDULER_PENDING).gauges().stream().mapToDouble(Gauge::value)
        .filter(v -> !Double.isNaN(v)).sum();
  }

  /** Reads {@code jobs.T} until every job of {@code due} arrived; lateness in milliseconds. */
  private static Percentiles collect(KafkaConsumer<byte[], byte[]> arrivals, Map<String, Long> due, Duration within) {
    long[] lateness = new long[due.size()];
    int seen = 0;
    long deadline = System.nanoTime() + within.toNanos();
    while (seen < due.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("schedule: only " + seen + " of " + due.size() + " scheduled jobs reached jobs."
            + TYPE + " within " + within.toSeconds() + " s");
      }
      var records = arrivals.poll(Duration.ofMillis(50));
      long now = System.currentTimeMillis();
      for (ConsumerRecord<byte[], byte[]> r : records) {
        Long at = due.get(JobHeaders.jobId(r.headers()).orElse(""));
        if (at != null && seen < lateness.length) {
          lateness[seen++] = now - at;
        }
      }
    }
    return Percentiles.of(lateness, seen);
  }
}
