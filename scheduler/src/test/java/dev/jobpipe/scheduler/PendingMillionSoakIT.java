package dev.jobpipe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale figure (run with {@code -Psoak}): {@code -Dscheduler.pending.jobs} (1,000,000)
 * jobs due over the next 30 days, held by one scheduler child JVM ({@code -Xmx256m}). Prints its
 * RSS split into the JVM's own committed memory (heap and the rest, from Native Memory Tracking)
 * and what is outside it (RocksDB's C++ allocations), then the time from a restart to READY and to
 * the first forward of a job due 30 s after the restart began, after a graceful stop (local state
 * reused) and after a SIGKILL (exactly-once: the stores are restored from their changelogs).
 */
@ExtendWith(JobpipeStackExtension.class)
class PendingMillionSoakIT {

  private static final int JOBS = Integer.getInteger("scheduler.pending.jobs", 1_000_000);
  private static final List<String> JVM = List.of("-Xmx256m", "-XX:NativeMemoryTracking=summary", "-Dchild.status.ms=1000");

  @Test
  void aMillionPendingJobs(JobpipeStack stack, @TempDir Path dir) throws Exception {
    String type = SchedulerIt.uniqueType("million");
    JobTopics topics = SchedulerIt.createTopics(stack, type, 6);
    String app = "soak-" + type;
    Path state = Files.createDirectories(dir.resolve("state"));
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 50);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    byte[] value = new byte[60];
    long t0 = System.nanoTime();
    long now = System.currentTimeMillis();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (int i = 0; i < JOBS; i++) {
        String id = "m-" + i;
        RecordHeaders headers = new RecordHeaders();
        JobHeaders.set(headers, JobHeaders.JOB_ID, id);
        JobHeaders.set(headers, JobHeaders.JOB_TYPE, type);
        // from 10 minutes ahead to 30 days ahead: none comes due during the run
        JobHeaders.set(headers, JobHeaders.NOT_BEFORE, Instant.ofEpochMilli(
            now + 600_000 + ThreadLocalRandom.current().nextLong(Duration.ofDays(30).toMillis())));
        producer.send(new ProducerRecord<>(topics.scheduled(), null, id.getBytes(StandardCharsets.UTF_8), value, headers));
      }
      producer.flush();
    }
    System.out.printf("million: %d jobs written to %s in %.1f s%n", JOBS, topics.scheduled(), (System.nanoTime() - t0) / 1e9);

    ChildScheduler first = ChildScheduler.start(stack, app, state, "m-0", JVM, List.of(), 300);
    ChildScheduler child = first;
    try {
      long ingest0 = System.nanoTime();
      await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofSeconds(2))
          .until(() -> stored(first) >= JOBS);
      System.out.printf("million: scheduler stored %d jobs in %.1f s (%s)%n", JOBS, (System.nanoTime() - ingest0) / 1e9,
          load());
      Thread.sleep(5_000);
      System.out.println("million: memory with all jobs stored: " + memory(child));

      child.stop();
      child = restartAndProbe(stack, app, state, "graceful stop (SIGTERM)");
      System.out.println("million: memory after the graceful restart: " + memory(child));
      child.kill();
      child = restartAndProbe(stack, app, state, "SIGKILL");
      System.out.println("million: memory after the restore: " + memory(child));
      // the restore brought the store back: only the few jobs that came due since are gone
      assertThat(pending(child)).isGreaterThan(JOBS * 0.99);
    } finally {
      child.close();
    }
  }

  /** Schedules a probe job due 30 s from now, restarts the scheduler and measures READY and the probe's forward. */
  private static ChildScheduler restartAndProbe(JobpipeStack stack, String app, Path state, String after)
      throws Exception {
    String type = app.substring("soak-".length());
    JobTopics topics = JobTopics.of(type);
    Instant due = Instant.now().plusSeconds(30);
    String probe = "probe-" + due.toEpochMilli();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(stack.clientProperties(),
        new ByteArraySerializer(), new ByteArraySerializer());
         SchedulerIt.Reader reader = new SchedulerIt.Reader(stack, topics.main())) {
      RecordHeaders headers = new RecordHeaders();
      JobHeaders.set(headers, JobHeaders.JOB_ID, probe);
      JobHeaders.set(headers, JobHeaders.NOT_BEFORE, due);
      producer.send(new ProducerRecord<>(topics.scheduled(), null, probe.getBytes(StandardCharsets.UTF_8),
          new byte[8], headers)).get();
      long start = System.currentTimeMillis();
      ChildScheduler child = ChildScheduler.start(stack, app, state, "m-0", JVM, List.of(), 600);
      await().atMost(Duration.ofMinutes(10)).until(() -> reader.arrivals.stream().anyMatch(a -> probe.equals(a.jobId())));
      SchedulerIt.Arrival arrival = reader.arrivals.stream().filter(a -> probe.equals(a.jobId())).findFirst().orElseThrow();
      System.out.printf("million: restart after %s: READY %.1f s after the process start; a probe due %.1f s after"
              + " the restart began was read on %s %d ms after its due time (%s)%n", after, child.secondsToReady(),
          (due.toEpochMilli() - start) / 1000.0, topics.main(), arrival.readAtMillis() - due.toEpochMilli(), load());
      return child;
    }
  }

  private static double pending(ChildScheduler child) {
    return statusField(child, "pending");
  }

  /** Jobs the scheduler has read: pending, or already forwarded (the earliest come due during a slow ingest). */
  private static double stored(ChildScheduler child) {
    return statusField(child, "pending") + statusField(child, "forwarded");
  }

  private static double statusField(ChildScheduler child, String field) {
    String status = child.lastStatus() + " ";
    int i = status.indexOf(field + "=");
    return i < 0 ? 0 : Double.parseDouble(status.substring(i + field.length() + 1, status.indexOf(' ', i)));
  }

  /** RSS and peak RSS from /proc, the JVM's committed memory from NMT, heap in use from the child's status. */
  private static String memory(ChildScheduler child) throws IOException, InterruptedException {
    String status = Files.readString(Path.of("/proc", Long.toString(child.pid()), "status"));
    long rss = kb(status, "VmRSS:");
    long hwm = kb(status, "VmHWM:");
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(child.pid()), "VM.native_memory", "summary").redirectErrorStream(true).start();
    String nmt = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor(60, TimeUnit.SECONDS);
    long jvmCommitted = committedKb(nmt, "Total:").orElse(-1L);
    long heapCommitted = committedKb(nmt, "Java Heap (").orElse(-1L);
    String heapUsed = child.lastStatus().replaceAll(".*heapUsed=(\\d+).*", "$1");
    return String.format("RSS %d MiB (peak %d MiB); JVM committed %d MiB of which heap %d MiB (in use %d MiB);"
            + " outside the JVM's accounting (RocksDB, allocator) ~%d MiB; %s",
        rss / 1024, hwm / 1024, jvmCommitted / 1024, heapCommitted / 1024, Long.parseLong(heapUsed) >> 20,
        (rss - jvmCommitted) / 1024, load());
  }

  private static long kb(String procStatus, String field) {
    return procStatus.lines().filter(l -> l.startsWith(field)).findFirst()
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(-1L);
  }

  private static Optional<Long> committedKb(String nmt, String marker) {
    return nmt.lines().filter(l -> l.contains(marker)).findFirst()
        .map(l -> l.replaceAll(".*committed=(\\d+)KB.*", "$1")).filter(s -> s.matches("\\d+")).map(Long::parseLong);
  }

  private static String load() throws IOException {
    return "load average " + Files.readString(Path.of("/proc/loadavg")).trim();
  }
}
