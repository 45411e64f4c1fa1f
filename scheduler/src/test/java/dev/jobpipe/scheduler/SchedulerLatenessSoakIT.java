package dev.jobpipe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobReceipt;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.jobs.ImageResize;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lateness at a sustained rate of due jobs (run with {@code -Psoak}; {@code -Dscheduler.soak.rate}
 * jobs per second for {@code -Dscheduler.soak.seconds}). Every job is scheduled ahead, then the
 * scheduler forwards them as they come due; lateness is read time on {@code jobs.T} (read_committed)
 * minus due time, and forward time (record timestamp) minus due time. Prints p50/p99/max; asserts
 * only what must always hold: every job once, none early.
 */
@ExtendWith(JobpipeStackExtension.class)
class SchedulerLatenessSoakIT {

  private static final int RATE = Integer.getInteger("scheduler.soak.rate", 2_000);
  private static final int SECONDS = Integer.getInteger("scheduler.soak.seconds", 30);
  /** Jobs per second of lead time before the first due time, so ingestion ends before it even on a loaded machine. */
  private static final int LEAD_RATE = Integer.getInteger("scheduler.soak.lead.rate", 300);

  @Test
  void latenessAtASustainedRate(JobpipeStack stack, @TempDir Path state) throws Exception {
    String type = SchedulerIt.uniqueType("soak");
    JobTopics topics = SchedulerIt.createTopics(stack, type, 6);
    int jobs = RATE * SECONDS;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (JobScheduler scheduler = JobScheduler.builder(
            SchedulerIt.schedulerConfig(stack, "soak-" + type, state, null)).meterRegistry(registry).start();
         JobPublisher publisher = JobPublisher.create(SchedulerIt.publisherConfig(stack));
         SchedulerIt.Reader reader = new SchedulerIt.Reader(stack, topics.main())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> scheduler.health().ready());
      publisher.schedule(type, null, payload(0), Instant.now().plusSeconds(3600)).join();
      // far enough ahead that the scheduler has stored every job before the first is due
      Instant base = Instant.now().plusSeconds(Math.max(30, jobs / LEAD_RATE));
      Map<String, Instant> due = new HashMap<>(jobs * 2);
      List<CompletableFuture<JobReceipt>> sent = new ArrayList<>(jobs);
      List<Instant> times = new ArrayList<>(jobs);
      for (int i = 0; i < jobs; i++) {
        Instant at = base.plusNanos(1_000_000_000L * i / RATE);
        times.add(at);
        sent.add(publisher.schedule(type, null, payload(i), at));
      }
      for (int i = 0; i < jobs; i++) {
        due.put(sent.get(i).join().jobId(), Instant.ofEpochMilli(times.get(i).toEpochMilli()));
      }
      Instant published = Instant.now();
      // the due phase is measured alone only when every job is stored before the first is due: a
      // job read after its due time is forwarded at once, late by the ingest lag instead
      await().atMost(Duration.between(Instant.now(), base).plusSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> pending(registry, type) >= jobs + 1 || Instant.now().isAfter(base));
      Instant stored = Instant.now();
      double storedCount = pending(registry, type);
      long idleCpu = -1;
      String idleCounts = "";
      if (Duration.between(stored, base).toSeconds() > 6) {
        Map<String, Double> idle0 = StreamsDiagnostics.totals(scheduler);
        long cpu0 = StreamsDiagnostics.streamThreadCpuNanos();
        Thread.sleep(5_000);
        idleCpu = (StreamsDiagnostics.streamThreadCpuNanos() - cpu0) / 5;
        Map<String, Double> idle1 = StreamsDiagnostics.totals(scheduler);
        idleCounts = String.format("; in 5 s: %.0f polls, %.0f punctuations, %.0f commits",
            StreamsDiagnostics.delta(idle0, idle1, "stream-thread-metrics/poll-total"),
            StreamsDiagnostics.delta(idle0, idle1, "stream-thread-metrics/punctuate-total"),
            StreamsDiagnostics.delta(idle0, idle1, "stream-thread-metrics/commit-total"));
      }
      Map<String, Double> before = StreamsDiagnostics.totals(scheduler);
      long cpuBefore = StreamsDiagnostics.streamThreadCpuNanos();
      // the last job is due SECONDS after base, which may still be minutes ahead when ingestion was quick
      await().atMost(Duration.between(Instant.now(), base).plusSeconds(SECONDS + 120L)).pollInterval(Duration.ofSeconds(1))
          .until(() -> reader.arrivals.size() >= jobs);
      List<Long> readLateness = new ArrayList<>(jobs);
      List<Long> forwardLateness = new ArrayList<>(jobs);
      for (SchedulerIt.Arrival a : reader.arrivals) {
        long d = due.get(a.jobId()).toEpochMilli();
        readLateness.add(a.readAtMillis() - d);
        forwardLateness.add(a.timestamp() - d);
      }
      System.out.printf("scheduler soak: %d jobs at %d/s over %d s (all published %s before the first was due;"
          + " %.0f stored by the scheduler %s before it, ingest %.0f jobs/s)%n",
          jobs, RATE, SECONDS, Duration.between(published, base), storedCount, Duration.between(stored, base),
          storedCount / Math.max(0.001, Duration.between(published, stored).toMillis() / 1000.0));
      if (idleCpu >= 0) {
        System.out.printf("  idle stream threads (all jobs stored, none due): %.1f ms CPU per second%s%n", idleCpu / 1e6,
            idleCounts);
      }
      System.out.println("  due -> read on jobs.T (read_committed): " + percentiles(readLateness));
      System.out.println("  due -> forward (record timestamp):      " + percentiles(forwardLateness));
      System.out.println(StreamsDiagnostics.report(before, StreamsDiagnostics.totals(scheduler),
          StreamsDiagnostics.streamThreadCpuNanos() - cpuBefore));
      assertThat(reader.countsById().values()).allMatch(c -> c == 1L);
      assertThat(forwardLateness).allMatch(l -> l >= 0);
      assertThat(readLateness).allMatch(l -> l >= 0);
    }
  }

  private static double pending(SimpleMeterRegistry registry, String type) {
    var gauge = registry.find(MetricNames.SCHEDULER_PENDING).tag(MetricNames.TAG_TYPE, type).gauge();
    return gauge == null ? 0 : gauge.value();
  }

  private static String percentiles(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return String.format("p50 %d ms, p99 %d ms, max %d ms", sorted.get(sorted.size() / 2),
        sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)), sorted.getLast());
  }

  private static ImageResize payload(int width) {
    return ImageResize.newBuilder().setImageUrl("s3://b/" + width).setWidth(width).setHeight(1).build();
  }
}
