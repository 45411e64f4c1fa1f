package dev.jobpipe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cron figure (run with {@code -Psoak}): {@code -Dscheduler.cron.soak.definitions}
 * (1,000) schedules firing every minute for {@code -Dscheduler.cron.soak.minutes} (10), two
 * scheduler instances (child JVMs, one application), and a SIGKILL of the instance that owns the
 * cron task just after a minute's fires began, restarted 20 s later. Asserts every (name, minute)
 * fired exactly once, reconciled from an independent read_committed read of {@code jobs.T}; prints
 * the lateness of the fires.
 */
@ExtendWith(JobpipeStackExtension.class)
class CronSoakIT {

  private static final int DEFINITIONS = Integer.getInteger("scheduler.cron.soak.definitions", 1_000);
  private static final int MINUTES = Integer.getInteger("scheduler.cron.soak.minutes", 10);

  @Test
  void everyDefinitionFiresOncePerMinuteAcrossTwoInstancesAndASigkill(JobpipeStack stack, @TempDir Path dir)
      throws Exception {
    String type = SchedulerIt.uniqueType("cronsoak");
    JobTopics topics = JobTopics.of(type);
    stack.createTopic(topics.main(), 3);
    String app = "soak-" + type;
    String prefix = "soak-" + type.replace('.', '-') + "-";
    List<String> names = new ArrayList<>();
    for (int i = 0; i < DEFINITIONS; i++) {
      names.add(prefix + i);
    }
    Map<String, ChildScheduler> children = new HashMap<>();
    for (String instance : List.of("child-0", "child-1")) {
      children.put(instance, ChildScheduler.start(stack, app, Files.createDirectories(dir.resolve(instance)), instance));
    }
    String killed = null;
    Instant applied;
    Instant deleted;
    try (SchedulerIt.Reader reader = new SchedulerIt.Reader(stack, topics.main());
         KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(stack.clientProperties(),
             new ByteArraySerializer(), new ByteArraySerializer());
         Admin admin = Admin.create(stack.clientProperties())) {
      for (String name : names) {
        CronSchedule s = new CronSchedule(name, type, "* * * * *", null, null, "{}", null, MisfirePolicy.SKIP,
            OverlapPolicy.ALLOW, true, new byte[] {0, 0, 0, 0, 1, 2});
        producer.send(new ProducerRecord<>(JobTopics.CRON, bytes(name), s.toJson()));
      }
      producer.flush();
      applied = Instant.now();
      try {
        // kill the owner of the cron task 150 ms into the fires of a minute halfway through
        Instant killAt = applied.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(Math.max(2, MINUTES / 2)))
            .plusMillis(150);
        sleepUntil(killAt);
        String owner = cronOwner(admin, app);
        // Kafka Streams suffixes the instance id with the stream thread's index
        killed = children.keySet().stream().filter(i -> owner.equals(i) || owner.startsWith(i + "-")).findFirst()
            .orElseThrow(() -> new IllegalStateException("unknown owner " + owner));
        children.get(killed).kill();
        System.out.printf("cron soak: SIGKILL of %s (owner of the cron task) at %s%n", killed, Instant.now());
        Thread.sleep(20_000);
        children.put(killed, ChildScheduler.start(stack, app, dir.resolve(killed), killed));
        System.out.printf("cron soak: %s restarted, ready after %.1f s%n", killed, children.get(killed).secondsToReady());
        sleepUntil(applied.plus(Duration.ofMinutes(MINUTES)));
      } finally {
        for (String name : names) {
          producer.send(new ProducerRecord<>(JobTopics.CRON, bytes(name), null));
        }
        producer.flush();
        deleted = Instant.now();
      }
      Thread.sleep(10_000);
      for (ChildScheduler child : children.values()) {
        child.close();
      }

      Map<String, Long> copies = reader.arrivals.stream().filter(a -> a.scheduleName() != null)
          .collect(Collectors.groupingBy(SchedulerIt.Arrival::jobId, Collectors.counting()));
      Map<String, Set<Instant>> times = new HashMap<>();
      List<Long> lateness = new ArrayList<>();
      for (SchedulerIt.Arrival a : reader.arrivals) {
        times.computeIfAbsent(a.scheduleName(), n -> new TreeSet<>()).add(a.notBefore());
        lateness.add(a.readAtMillis() - a.notBefore().toEpochMilli());
      }
      // every whole minute after the definitions were written and before they were deleted
      List<Instant> minutes = new ArrayList<>();
      for (Instant m = applied.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
           m.isBefore(deleted.minusSeconds(2)); m = m.plus(Duration.ofMinutes(1))) {
        minutes.add(m);
      }
      long duplicates = copies.values().stream().filter(c -> c > 1).count();
      long missed = names.stream().mapToLong(n -> minutes.stream()
          .filter(m -> !times.getOrDefault(n, Set.of()).contains(m)).count()).sum();
      List<Long> sorted = lateness.stream().sorted().toList();
      System.out.printf("cron soak: %d definitions x %d minutes (%s .. %s), %d fires read, %d fire ids twice,"
          + " %d (name, minute) missed; lateness (due -> read_committed) p50 %d ms, p99 %d ms, max %d ms;"
          + " load average %s%n", DEFINITIONS, minutes.size(), minutes.getFirst(), minutes.getLast(),
          reader.arrivals.size(), duplicates, missed, sorted.get(sorted.size() / 2),
          sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1), sorted.getLast(),
          Files.readString(Path.of("/proc/loadavg")).trim());
      assertThat(killed).isNotNull();
      assertThat(duplicates).as("fire ids written twice").isZero();
      assertThat(missed).as("(name, minute) never fired").isZero();
      assertThat(reader.arrivals).allSatisfy(a ->
          assertThat(a.readAtMillis()).isGreaterThanOrEqualTo(a.notBefore().toEpochMilli()));
    } finally {
      for (ChildScheduler child : children.values()) {
        child.close();
      }
    }
  }

  /** The group instance id of the member whose active tasks include jobpipe.cron's partition 0. */
  private static String cronOwner(Admin admin, String app) throws Exception {
    TopicPartition cron = new TopicPartition(JobTopics.CRON, 0);
    for (MemberDescription m : admin.describeConsumerGroups(List.of(app)).all().get(30, TimeUnit.SECONDS)
        .get(app).members()) {
      if (m.assignment().topicPartitions().contains(cron)) {
        return m.groupInstanceId().orElseThrow();
      }
    }
    throw new IllegalStateException("no member of " + app + " owns " + cron);
  }

  private static void sleepUntil(Instant t) throws InterruptedException {
    long ms = Duration.between(Instant.now(), t).toMillis();
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
