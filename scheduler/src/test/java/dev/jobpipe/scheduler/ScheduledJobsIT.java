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
import io.micrometer.core.instrument.Timer;
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

/** One-off scheduled jobs through the real broker: on time, never early, cancel, reschedule, two instances. */
@ExtendWith(JobpipeStackExtension.class)
class ScheduledJobsIT {

  private static ImageResize payload(int width) {
    return ImageResize.newBuilder().setImageUrl("s3://b/" + width).setWidth(width).setHeight(1).build();
  }

  @Test
  void forwardsEachJobUnchangedNeverEarlyAndHonoursCancelAndReschedule(JobpipeStack stack, @TempDir Path state)
      throws Exception {
    String type = SchedulerIt.uniqueType("sched");
    JobTopics topics = SchedulerIt.createTopics(stack, type, 3);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (JobScheduler scheduler = JobScheduler.builder(
            SchedulerIt.schedulerConfig(stack, "it-" + type, state, null)).meterRegistry(registry).start();
         JobPublisher publisher = JobPublisher.create(SchedulerIt.publisherConfig(stack));
         SchedulerIt.Reader reader = new SchedulerIt.Reader(stack, topics.main())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> scheduler.health().ready());
      Map<String, Instant> due = new HashMap<>();
      Map<String, String> keys = new HashMap<>();
      // the first schedule registers the schema and looks up both topics: not part of the timing
      Instant now = Instant.now();
      String warmUp = publisher.schedule(type, null, payload(999), now).join().jobId();
      due.put(warmUp, now);
      keys.put(warmUp, null);
      // ready (RUNNING) does not mean its tasks read their input yet: the timed jobs below are
      // scheduled only once the scheduler forwarded one, so their cancel and reschedule come before
      // their due time however loaded the machine is
      await().atMost(Duration.ofSeconds(120)).until(() -> reader.countsById().containsKey(warmUp));
      Instant base = Instant.now().plusSeconds(3);
      List<CompletableFuture<JobReceipt>> sent = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        String key = i % 2 == 0 ? "customer-" + i : null;
        // the job to cancel and the one to reschedule are due last, well after their change is written
        Instant at = i == 3 || i == 4 ? base.plusSeconds(2) : base.plusMillis(50L * i);
        CompletableFuture<JobReceipt> receipt = publisher.schedule(type, key, payload(i), at);
        sent.add(receipt);
        due.put(receipt.join().jobId(), at);
        keys.put(receipt.join().jobId(), key);
      }
      String cancelled = sent.get(3).join().jobId();
      publisher.cancelScheduled(type, cancelled).join();
      String rescheduled = sent.get(4).join().jobId();
      Instant later = base.plusSeconds(4);
      publisher.schedule(dev.jobpipe.producer.JobRequest.builder(type, payload(4)).jobId(rescheduled)
          .key(keys.get(rescheduled)).build(), later).join();
      due.put(rescheduled, later);
      due.remove(cancelled);
      Instant farAhead = Instant.ofEpochMilli(Instant.now().plus(Duration.ofDays(2)).toEpochMilli());
      publisher.schedule(type, null, payload(998), farAhead).join();

      await().atMost(Duration.ofSeconds(60)).until(() -> reader.countsById().keySet().containsAll(due.keySet()));
      Thread.sleep(1_000);
      Map<String, Long> counts = reader.countsById();
      assertThat(counts).doesNotContainKey(cancelled);
      assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(due.keySet());
      assertThat(counts.values()).allMatch(c -> c == 1L);
      for (SchedulerIt.Arrival a : reader.arrivals) {
        Instant at = due.get(a.jobId());
        assertThat(a.readAtMillis()).as("read time of %s", a.jobId()).isGreaterThanOrEqualTo(at.toEpochMilli());
        assertThat(a.timestamp()).as("timestamp of %s", a.jobId()).isGreaterThanOrEqualTo(at.toEpochMilli());
        assertThat(a.notBefore()).isEqualTo(Instant.ofEpochMilli(at.toEpochMilli()));
        assertThat(a.keyText()).isEqualTo(keys.get(a.jobId()) != null ? keys.get(a.jobId()) : a.jobId());
      }
      Timer lateness = registry.find(MetricNames.SCHEDULER_FIRE_LATENESS).tag("type", type).timer();
      assertThat(lateness.count()).isEqualTo(due.size());
      // the read API of dashboards: what is left is the job due in two days
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
          PendingJobs.summary(stack.clientProperties(), "it-" + type, Duration.ofSeconds(10)))
          .containsEntry(type, new PendingSummary(type, 1, farAhead)));
    }
  }

  /**
   * A scheduler that starts (or catches up) after the due times passed reads each job past its due
   * time and the cancel or reschedule written after it: the cancel and the reschedule still win,
   * because the scheduler forwards a job only once it has read what was written before its due time.
   */
  @Test
  void aSchedulerStartingAfterTheDueTimesHonoursTheCancelsAndReschedulesWrittenBeforeThem(
      JobpipeStack stack, @TempDir Path state) throws Exception {
    String type = SchedulerIt.uniqueType("late");
    JobTopics topics = SchedulerIt.createTopics(stack, type, 2);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Map<String, Instant> due = new HashMap<>();
    String cancelled;
    String rescheduled;
    try (JobPublisher publisher = JobPublisher.create(SchedulerIt.publisherConfig(stack))) {
      Instant at = Instant.ofEpochMilli(Instant.now().plusSeconds(1).toEpochMilli());
      for (int i = 0; i < 8; i++) {
        due.put(publisher.schedule(type, "customer-" + i, payload(i), at).join().jobId(), at);
      }
      cancelled = publisher.schedule(type, null, payload(8), at).join().jobId();
      publisher.cancelScheduled(type, cancelled).join();
      rescheduled = publisher.schedule(type, null, payload(9), at).join().jobId();
      Instant later = at.plusSeconds(5);
      publisher.schedule(dev.jobpipe.producer.JobRequest.builder(type, payload(9)).jobId(rescheduled).build(), later)
          .join();
      due.put(rescheduled, later);
      // every job is past its first due time before the scheduler reads it
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), at).toMillis()) + 500);
    }
    try (SchedulerIt.Reader reader = new SchedulerIt.Reader(stack, topics.main());
         JobScheduler scheduler = JobScheduler.builder(
             SchedulerIt.schedulerConfig(stack, "it-" + type, state, null)).meterRegistry(registry).start()) {
      await().atMost(Duration.ofSeconds(90)).until(() -> reader.countsById().keySet().containsAll(due.keySet()));
      Thread.sleep(1_000);
      Map<String, Long> counts = reader.countsById();
      assertThat(counts).doesNotContainKey(cancelled);
      assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(due.keySet());
      assertThat(counts.values()).allMatch(c -> c == 1L);
      assertThat(reader.arrivals).allSatisfy(arrival -> assertThat(arrival.readAtMillis())
          .isGreaterThanOrEqualTo(due.get(arrival.jobId()).toEpochMilli()));
    }
  }

  @Test
  void twoInstancesShareThePartitionsAndForwardEachJobOnce(
      JobpipeStack stack, @TempDir Path stateA, @TempDir Path stateB) throws Exception {
    String type = SchedulerIt.uniqueType("shared");
    JobTopics topics = SchedulerIt.createTopics(stack, type, 4);
    String app = "it-" + type;
    SimpleMeterRegistry registryA = new SimpleMeterRegistry();
    SimpleMeterRegistry registryB = new SimpleMeterRegistry();
    try (JobScheduler a = JobScheduler.builder(SchedulerIt.schedulerConfig(stack, app, stateA, null))
            .meterRegistry(registryA).start();
         JobScheduler b = JobScheduler.builder(SchedulerIt.schedulerConfig(stack, app, stateB, null))
             .meterRegistry(registryB).start();
         JobPublisher publisher = JobPublisher.create(SchedulerIt.publisherConfig(stack));
         SchedulerIt.Reader reader = new SchedulerIt.Reader(stack, topics.main())) {
      await().atMost(Duration.ofSeconds(90)).until(() -> a.health().ready() && b.health().ready());
      publisher.verifyType(type);
      Instant base = Instant.now().plusSeconds(3);
      Map<String, Instant> due = new HashMap<>();
      for (int i = 0; i < 400; i++) {
        Instant at = base.plusMillis(5L * i);
        due.put(publisher.schedule(type, null, payload(i), at).join().jobId(), at);
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> reader.countsById().keySet().containsAll(due.keySet()));
      Thread.sleep(1_000);
      assertThat(reader.countsById().values()).allMatch(c -> c == 1L);
      assertThat(reader.arrivals).allSatisfy(arrival ->
          assertThat(arrival.readAtMillis()).isGreaterThanOrEqualTo(due.get(arrival.jobId()).toEpochMilli()));
      double forwardedByA = count(registryA, type);
      double forwardedByB = count(registryB, type);
      assertThat(forwardedByA + forwardedByB).isEqualTo(due.size());
      assertThat(forwardedByA).as("instance A forwarded some").isPositive();
      assertThat(forwardedByB).as("instance B forwarded some").isPositive();
    }
  }

  private static double count(SimpleMeterRegistry registry, String type) {
    Timer timer = registry.find(MetricNames.SCHEDULER_FIRE_LATENESS).tag("type", type).timer();
    return timer == null ? 0 : timer.count();
  }
}
