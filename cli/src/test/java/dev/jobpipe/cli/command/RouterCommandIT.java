package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.deploy.local.JavaCommand;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobpipe router} as a process: routes, serves metrics and health, exits 0 on SIGTERM. */
@ExtendWith(JobpipeStackExtension.class)
class RouterCommandIT {

  private static final Pattern PORT = Pattern.compile("metrics on port (\\d+)");

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void routesServesMetricsAndStopsCleanlyOnSigterm(JobpipeStack stack) throws Exception {
    String type = "router-cli-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    JobTopics topics = JobTopics.of(type);
    stack.createTopic(topics.main(), 1);
    stack.createTopic(topics.failed(), 1);
    Path logback = Files.writeString(dir.resolve("logback.xml"), """
        <configuration>
          <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target>
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder></appender>
          <root level="WARN"><appender-ref ref="ERR"/></root>
        </configuration>
        """);
    Path log = dir.resolve("router.log");
    Process router = JavaCommand.main(dev.jobpipe.cli.Jobpipe.class)
        .jvmOptions(ComponentJvm.OPTIONS).jvmOptions("-Dlogback.configurationFile=" + logback)
        .args("router",
            "--bootstrap-servers", stack.bootstrapServers(),
            "--metrics-port", "0",
            "--application-id", "cli-it-" + type,
            "--state-dir", dir.resolve("state").toString(),
            "--default-tiers", "1s")
        .toProcessBuilder()
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      int port = await().atMost(Duration.ofSeconds(60)).until(() -> metricsPort(log), p -> p > 0);
      await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/health/ready").statusCode() == 200);
      assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);

      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(stack.clientProperties(),
          new ByteArraySerializer(), new ByteArraySerializer())) {
        RecordHeaders headers = new RecordHeaders();
        JobHeaders.set(headers, JobHeaders.JOB_ID, "cli-job-1");
        JobHeaders.set(headers, JobHeaders.ATTEMPT, 1);
        JobHeaders.set(headers, JobHeaders.ENQUEUED_AT, Instant.now());
        JobHeaders.set(headers, JobHeaders.ERROR_CLASS, "java.io.IOException");
        producer.send(new ProducerRecord<>(topics.failed(), null, null, "k".getBytes(StandardCharsets.UTF_8),
            new byte[] {0, 0, 0, 0, 1}, headers)).get();
      }
      String retries = "jobpipe_retries_total{tier=\"1s\",type=\"" + type + "\"} 1.0";
      String lateness = "jobpipe_retry_forward_lateness_seconds_count{tier=\"1s\",type=\"" + type + "\"} 1";
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(get(port, "/metrics").body()).contains(retries, lateness));
      assertThat(output(log)).anyMatch(l -> l.contains("default policy tiers 1s, max attempts 2"));

      router.destroy();
      assertThat(router.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s; output: %s", output(log)).isTrue();
      assertThat(router.exitValue()).as("exit code; output: %s", output(log)).isZero();
      assertThat(output(log)).as("output").anyMatch(l -> l.contains("router stopping (SIGTERM)"));
    } finally {
      if (router.isAlive()) {
        router.destroyForcibly();
        router.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private List<String> output(Path log) throws IOException {
    return Files.readAllLines(log);
  }

  private int metricsPort(Path log) throws IOException {
    for (String line : output(log)) {
      Matcher m = PORT.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return 0;
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

}
