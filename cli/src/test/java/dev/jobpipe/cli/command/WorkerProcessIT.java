package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.deploy.local.JavaCommand;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobpipe worker} as a separate process on the real broker and registry: killed with
 * SIGKILL it loses nothing, stopped with SIGTERM it drains, exits 0 and leaves nothing to redo.
 */
@ExtendWith(JobpipeStackExtension.class)
class WorkerProcessIT {

  private static final Duration LONG = Duration.ofSeconds(120);
  private static final Schema SCHEMA = new Schema.Parser().parse("""
      {"type": "record", "name": "ProcessJob", "namespace": "dev.jobpipe.cli.it",
       "fields": [{"name": "seq", "type": "int"}]}""");
  private static final Pattern METRICS_PORT = Pattern.compile("metrics on http://localhost:(\\d+)/metrics");

  @TempDir
  Path dir;

  private final List<Process> processes = new ArrayList<>();
  private Admin admin;

  @AfterEach
  void killLeftovers() throws InterruptedException {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    for (Process p : processes) {
      if (p.isAlive()) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Publishes {@code count} jobs with ids job-0.. to a fresh type with {@code partitions} partitions. */
  private static String publishJobs(JobpipeStack stack, String name, int partitions, int count) {
    String type = "proc-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    JobTopics topics = JobTopics.of(type);
    stack.createTopic(topics.main(), partitions);
    stack.createTopic(topics.failed(), 1);
    stack.createTopic(topics.dlq(), 1);
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(stack.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
      AvroCodec codec = new AvroCodec(registry, true);
      for (int seq = 0; seq < count; seq++) {
        GenericData.Record record = new GenericData.Record(SCHEMA);
        record.put("seq", seq);
        RecordHeaders headers = new RecordHeaders();
        JobHeaders.set(headers, JobHeaders.JOB_ID, "job-" + seq);
        producer.send(new ProducerRecord<>(topics.main(), null, ("key-" + (seq % 25)).getBytes(StandardCharsets.UTF_8),
            codec.encode(topics.main() + "-value", record), headers));
      }
      producer.flush();
    }
    return type;
  }

  /**
   * Starts a worker process. {@code instanceId}, when set, makes it a static group member: a
   * restarted process with the same id takes over a killed one's partitions at once instead of
   * after the broker's session timeout (45 s), as a Kubernetes StatefulSet pod would.
   */
  private Process startWorker(JobpipeStack stack, String type, Path record, int sleepMillis, String run, String instanceId)
      throws IOException {
    Path config = dir.resolve(run + ".properties");
    Files.writeString(config, "commit.interval.ms=200\n" + (instanceId == null ? "" : "group.instance.id=" + instanceId + "\n"));
    JavaCommand command = JavaCommand.main(dev.jobpipe.cli.Jobpipe.class).jvmOptions(ComponentJvm.OPTIONS)
        .jvmOptions("-Djobpipe.test.record=" + record, "-Djobpipe.test.sleep.ms=" + sleepMillis)
        .args("worker",
            "--type", type,
            "--handler", WorkerTestHandlers.Recording.class.getName(),
            "--bootstrap-servers", stack.bootstrapServers(),
            "--schema-registry", stack.registryUrl(),
            "--command-config", config.toString(),
            "--concurrency", "8",
            "--metrics-port", "0");
    Process process = command.toProcessBuilder()
        .redirectOutput(dir.resolve(run + ".out").toFile())
        .redirectError(dir.resolve(run + ".err").toFile())
        .start();
    processes.add(process);
    return process;
  }

  private String output(String run, String stream) {
    try {
      Path file = dir.resolve(run + "." + stream);
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long committedTotal(String type) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets("jobpipe." + type).partitionsToOffsetAndMetadata().get();
    return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
  }

  private long endTotal(String type, int partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(JobTopics.of(type).main(), p), OffsetSpec.latest());
    }
    return admin.listOffsets(request).all().get().values().stream().mapToLong(info -> info.offset()).sum();
  }

  /** Awaits {@code condition}; on timeout fails with every worker process's output, to see why. */
  private void awaitOrDump(String what, java.util.concurrent.Callable<Boolean> condition) {
    try {
      await().atMost(LONG).pollInterval(Duration.ofMillis(300)).until(condition);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      StringBuilder dump = new StringBuilder(what + " did not happen within " + LONG.toSeconds() + " s");
      for (String run : List.of("killed", "stopped", "finisher")) {
        dump.append("\n--- ").append(run).append(" stdout ---\n").append(output(run, "out"))
            .append("\n--- ").append(run).append(" stderr ---\n").append(output(run, "err"));
      }
      throw new AssertionError(dump.toString(), e);
    }
  }

  private void stopWithSigterm(Process process, String run) throws InterruptedException {
    process.destroy(); // SIGTERM
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("worker exits after SIGTERM").isTrue();
    assertThat(process.exitValue()).as(output(run, "out") + output(run, "err")).isZero();
    assertThat(output(run, "out")).contains("stopped");
  }

  /**
   * One job stream, three worker processes: the first is killed with SIGKILL mid-run, the second
   * is stopped with SIGTERM mid-run, the third finishes. Every job runs; jobs may repeat after the
   * kill, never after the clean stop. One test rather than two, because each worker process is a
   * JVM start.
   */
  @Test
  void killedWorkerLosesNothingAndStoppedWorkerDrainsCleanly(JobpipeStack stack) throws Exception {
    int count = 1_000;
    String type = publishJobs(stack, "proc", 3, count);
    admin = Admin.create(stack.clientProperties());

    Path killedRan = dir.resolve("killed.txt");
    Process killed = startWorker(stack, type, killedRan, 5, "killed", "worker-a");
    awaitOrDump("200 jobs run by the first worker", () -> lines(killedRan).size() >= 200 || !killed.isAlive());
    assertThat(killed.isAlive()).as(output("killed", "err")).isTrue();
    killed.destroyForcibly(); // SIGKILL: no drain, no final commit
    assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(lines(killedRan).size()).isLessThan(count);

    Path stoppedRan = dir.resolve("stopped.txt");
    Process stopped = startWorker(stack, type, stoppedRan, 20, "stopped", null);
    awaitOrDump("100 jobs run by the second worker", () -> lines(stoppedRan).size() >= 100 || !stopped.isAlive());
    assertThat(stopped.isAlive()).as(output("stopped", "err")).isTrue();
    Matcher port = METRICS_PORT.matcher(output("stopped", "out"));
    assertThat(port.find()).as(output("stopped", "out")).isTrue();
    HttpClient http = HttpClient.newHttpClient();
    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port.group(1) + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("jobpipe_jobs_total{outcome=\"succeeded\",type=\"" + type + "\"}",
        "jobpipe_job_duration_seconds_bucket", "jobpipe_inflight{type=\"" + type + "\"}", "jobpipe_queue_lag{partition=");
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port.group(1) + "/health/ready")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    stopWithSigterm(stopped, "stopped");
    assertThat(output("stopped", "err")).contains("stop requested").contains("stopped");
    List<String> ranBeforeStop = lines(stoppedRan);
    assertThat(Set.copyOf(ranBeforeStop)).hasSameSizeAs(ranBeforeStop);

    Path finisherRan = dir.resolve("finisher.txt");
    Process finisher = startWorker(stack, type, finisherRan, 0, "finisher", "worker-a");
    awaitOrDump("the commit of every job", () -> committedTotal(type) == endTotal(type, 3) || !finisher.isAlive());
    stopWithSigterm(finisher, "finisher");

    Set<String> all = new java.util.HashSet<>(lines(killedRan));
    all.addAll(ranBeforeStop);
    all.addAll(lines(finisherRan));
    assertThat(all).as("every job ran at least once").hasSize(count);
    assertThat(lines(finisherRan)).as("a job completed before the clean stop ran again")
        .doesNotContainAnyElementsOf(ranBeforeStop)
        .doesNotHaveDuplicates();
  }
}
