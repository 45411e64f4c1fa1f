package dev.jobpipe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobReceipt;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.jobs.ImageResize;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.charset.StandardCharsets;
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
 * SIGKILL of the scheduler (a child JVM) while jobs come due: after a restart every job reached
 * {@code jobs.T} exactly once, reconciled by job id from an independent read_committed consumer,
 * and none before its due time. The restart recovers the pending jobs from the store changelog.
 * The default build runs 2,000 jobs; the 10,000 is {@code -Dscheduler.sigkill.jobs=10000}.
 */
@ExtendWith(JobpipeStackExtension.class)
class SchedulerSigkillIT {

  private static final int JOBS = Integer.getInteger("scheduler.sigkill.jobs", 2_000);

  @Test
  void everyJobIsForwardedExactlyOnceAndNeverEarlyAcrossASigkill(JobpipeStack stack, @TempDir Path state)
      throws Exception {
    String type = SchedulerIt.uniqueType("kill");
    JobTopics topics = SchedulerIt.createTopics(stack, type, 3);
    String app = "it-" + type;
    Map<String, Instant> due = new HashMap<>();
    ChildScheduler child = ChildScheduler.start(stack, app, state, "child-0");
    try (JobPublisher publisher = JobPublisher.create(SchedulerIt.publisherConfig(stack));
         SchedulerIt.Reader reader = new SchedulerIt.Reader(stack, topics.main())) {
      publisher.verifyType(type);
      publisher.schedule(type, null, payload(0), Instant.now().plusSeconds(3600)).join(); // warm-up, never due here
      Instant base = Instant.now().plusSeconds(2);
      List<CompletableFuture<JobReceipt>> sent = new ArrayList<>();
      List<Instant> times = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        // spread over ~8 s: some due before the kill, some while down, some after the restart
        Instant at = base.plusMillis(8_000L * i / JOBS);
        sent.add(publisher.schedule(type, "k" + (i % 50), payload(i), at));
        times.add(at);
      }
      for (int i = 0; i < JOBS; i++) {
        due.put(sent.get(i).join().jobId(), times.get(i));
      }
      // generous bounds: on a loaded machine the child forwards slowly, and only the order of events matters
      await().atMost(Duration.ofMinutes(5)).until(() -> reader.arrivals.size() >= JOBS / 5);
      child.kill(); // SIGKILL: no close, no commit
      int beforeKill = reader.arrivals.size();
      Thread.sleep(2_000);
      child = ChildScheduler.start(stack, app, state, "child-0");
      await().atMost(Duration.ofMinutes(10)).until(() -> reader.countsById().keySet().containsAll(due.keySet()));
      Thread.sleep(2_000);

      Map<String, Long> counts = reader.countsById();
      counts.keySet().retainAll(due.keySet());
      assertThat(counts).hasSize(JOBS);
      assertThat(counts.entrySet()).allSatisfy(e -> assertThat(e.getValue()).as("copies of %s", e.getKey()).isEqualTo(1L));
      assertThat(reader.arrivals).filteredOn(a -> due.containsKey(a.jobId())).allSatisfy(a -> {
        assertThat(a.readAtMillis()).as("read time of %s", a.jobId()).isGreaterThanOrEqualTo(due.get(a.jobId()).toEpochMilli());
        assertThat(a.timestamp()).isGreaterThanOrEqualTo(due.get(a.jobId()).toEpochMilli());
      });
      assertThat(beforeKill).as("the kill came while jobs were coming due").isBetween(1, JOBS - 1);
    } finally {
      child.close();
    }
  }

  /**
   * A recurring schedule firing every second: SIGKILL the scheduler between fires, restart it, and
   * every fire time from the first to the last appears exactly once (fires missed while it was down
   * are within the misfire grace, so they fire late rather than not at all).
   */
  @Test
  void aRecurringScheduleFiresOncePerFireTimeAcrossASigkill(JobpipeStack stack, @TempDir Path state) throws Exception {
    String type = SchedulerIt.uniqueType("cron");
    JobTopics topics = JobTopics.of(type);
    stack.createTopic(topics.main(), 2);
    String app = "it-" + type;
    String name = "tick-" + type.replace('.', '-');
    CronSchedule tick = new CronSchedule(name, type, null, Duration.ofSeconds(1), null, "{}", null,
        MisfirePolicy.SKIP, OverlapPolicy.ALLOW, true, new byte[] {0, 0, 0, 0, 1, 2});
    ChildScheduler child = ChildScheduler.start(stack, app, state, "child-0");
    try (SchedulerIt.Reader reader = new SchedulerIt.Reader(stack, topics.main());
         org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
             stack.clientProperties(), new org.apache.kafka.common.serialization.ByteArraySerializer(),
             new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(JobTopics.CRON,
          name.getBytes(StandardCharsets.UTF_8), tick.toJson())).get();
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> reader.arrivals.size() >= 4);
        child.kill();
        Thread.sleep(2_000);
        child = ChildScheduler.start(stack, app, state, "child-0");
        int before = reader.arrivals.size();
        await().atMost(Duration.ofSeconds(90)).until(() -> reader.arrivals.size() >= before + 4);
      } finally {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(JobTopics.CRON,
            name.getBytes(StandardCharsets.UTF_8), null)).get();
      }
      Thread.sleep(2_000);
      List<SchedulerIt.Arrival> fires = new ArrayList<>(reader.arrivals);
      assertThat(fires).allSatisfy(f -> {
        assertThat(f.scheduleName()).isEqualTo(name);
        assertThat(f.jobId()).isEqualTo(CronSchedule.fireId(name, f.notBefore()));
        assertThat(f.readAtMillis()).isGreaterThanOrEqualTo(f.notBefore().toEpochMilli());
      });
      List<Instant> times = fires.stream().map(SchedulerIt.Arrival::notBefore).sorted().toList();
      assertThat(times).doesNotHaveDuplicates();
      Instant first = times.getFirst();
      Instant last = times.getLast();
      assertThat(times).as("one fire per second from the first to the last, none lost, none twice")
          .hasSize((int) Duration.between(first, last).toSeconds() + 1);
    } finally {
      child.close();
    }
  }

  private static ImageResize payload(int width) {
    return ImageResize.newBuilder().setImageUrl("s3://b/" + width).setWidth(width).setHeight(1).build();
  }
}
