package dev.jobpipe.router.it;

import static dev.jobpipe.router.it.RouterFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.router.RetryPolicies;
import dev.jobpipe.router.RetryRouter;
import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Routing and forwarding on the real broker, one router for the class, a job type per test. */
@ExtendWith(JobpipeStackExtension.class)
class RouterFlowIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String EXHAUST = RouterFixtures.uniqueType("exhaust");
  private static final String TERMINAL = RouterFixtures.uniqueType("terminal");
  private static final String DUPES = RouterFixtures.uniqueType("dupes");

  @TempDir
  static Path stateDir;

  private static RetryRouter router;
  private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void startRouter(JobpipeStack stack) {
    RouterFixtures.createTypeTopics(stack, EXHAUST, 3);
    RouterFixtures.createTypeTopics(stack, TERMINAL, 1);
    RouterFixtures.createTypeTopics(stack, DUPES, 1);
    RetryPolicies policies = RetryPolicies.parse(Map.of("policy.default.tiers", "1s,2s"));
    router = RetryRouter.builder(new RouterConfig(RouterFixtures.routerProps(stack, RouterFixtures.uniqueType("flow-it"), stateDir)))
        .policies(policies)
        .meterRegistry(registry)
        .build();
    router.start();
    await().atMost(TIMEOUT).until(() -> router.health().ready());
  }

  @AfterAll
  static void stopRouter() {
    if (router != null) {
      router.close();
    }
  }

  @Test
  void alwaysFailingJobEndsInTheDlqExhaustedAfterMaxAttemptsWithAllHeaders(JobpipeStack stack) throws Exception {
    JobTopics topics = JobTopics.of(EXHAUST);
    Headers published = RouterFixtures.jobHeaders(EXHAUST, "job-exhaust-1", Instant.now());
    try (FailingWorker worker = new FailingWorker(stack, EXHAUST, true);
         KafkaProducer<byte[], byte[]> producer = RouterFixtures.producer(stack)) {
      producer.send(new ProducerRecord<>(topics.main(), null, null, "order-1".getBytes(StandardCharsets.UTF_8),
          RouterFixtures.VALUE, published)).get();

      List<ConsumerRecord<byte[], byte[]>> dead = RouterFixtures.readUntil(stack, topics.dlq(), TIMEOUT, r -> !r.isEmpty());
      assertThat(dead).hasSize(1);
      ConsumerRecord<byte[], byte[]> letter = dead.get(0);
      assertThat(JobHeaders.dlqReason(letter.headers())).contains(DlqReason.EXHAUSTED);
      assertThat(JobHeaders.attempt(letter.headers())).isEqualTo(3);
      assertThat(text(letter.key())).isEqualTo("order-1");
      assertThat(letter.value()).isEqualTo(RouterFixtures.VALUE);
      for (Header h : published) {
        if (!h.key().equals(JobHeaders.ATTEMPT)) {
          assertThat(letter.headers().lastHeader(h.key())).as(h.key()).isNotNull();
          assertThat(letter.headers().lastHeader(h.key()).value()).as(h.key()).isEqualTo(h.value());
        }
      }
      for (String name : List.of(JobHeaders.ORIGIN_TOPIC, JobHeaders.ORIGIN_PARTITION, JobHeaders.ORIGIN_OFFSET,
          JobHeaders.ERROR_CLASS, JobHeaders.ERROR_MESSAGE, JobHeaders.ERROR_STACK, JobHeaders.FAILED_AT)) {
        assertThat(JobHeaders.string(letter.headers(), name)).as(name).isPresent();
      }
      assertThat(JobHeaders.string(letter.headers(), JobHeaders.ORIGIN_TOPIC)).contains(topics.main());
      assertThat(JobHeaders.string(letter.headers(), JobHeaders.ERROR_MESSAGE)).contains("attempt 3 failed");

      List<ConsumerRecord<byte[], byte[]>> runs = worker.seen();
      assertThat(runs).extracting(r -> JobHeaders.attempt(r.headers())).containsExactly(1, 2, 3);
      for (ConsumerRecord<byte[], byte[]> retry : runs.subList(1, runs.size())) {
        Instant due = JobHeaders.notBefore(retry.headers()).orElseThrow();
        assertThat(Instant.ofEpochMilli(retry.timestamp())).as("forwarded no earlier than due").isAfterOrEqualTo(due);
        assertThat(text(retry.key())).isEqualTo("order-1");
      }
    }
    assertThat(registry.find(MetricNames.RETRIES).tags("type", EXHAUST, "tier", "1s").counter().count()).isEqualTo(1);
    assertThat(registry.find(MetricNames.RETRIES).tags("type", EXHAUST, "tier", "2s").counter().count()).isEqualTo(1);
    assertThat(registry.find(MetricNames.DEAD_LETTERS).tags("type", EXHAUST, "reason", "EXHAUSTED").counter().count()).isEqualTo(1);
    assertThat(registry.find(MetricNames.FORWARD_LATENESS).tags("type", EXHAUST).timers()).isNotEmpty();
  }

  @Test
  void terminalFailureGoesStraightToTheDlqAsFatal(JobpipeStack stack) throws Exception {
    JobTopics topics = JobTopics.of(TERMINAL);
    try (KafkaProducer<byte[], byte[]> producer = RouterFixtures.producer(stack)) {
      producer.send(RouterFixtures.failure(TERMINAL, "job-terminal-1", 1, false)).get();
    }
    List<ConsumerRecord<byte[], byte[]>> dead = RouterFixtures.readUntil(stack, topics.dlq(), TIMEOUT, r -> !r.isEmpty());
    assertThat(dead).hasSize(1);
    assertThat(JobHeaders.dlqReason(dead.get(0).headers())).contains(DlqReason.FATAL);
    assertThat(JobHeaders.attempt(dead.get(0).headers())).isEqualTo(1);
    assertThat(JobHeaders.string(dead.get(0).headers(), JobHeaders.ERROR_CLASS)).contains("com.acme.TerminalJobException");
    assertThat(registry.find(MetricNames.RETRIES).tags("type", TERMINAL).counters()).isEmpty();
  }

  @Test
  void duplicateFailureRecordsAreRoutedAndForwardedOnce(JobpipeStack stack) throws Exception {
    JobTopics topics = JobTopics.of(DUPES);
    try (KafkaProducer<byte[], byte[]> producer = RouterFixtures.producer(stack)) {
      for (int i = 0; i < 3; i++) {
        producer.send(RouterFixtures.failure(DUPES, "job-dup", 1, true)).get();
      }
      producer.send(RouterFixtures.failure(DUPES, "job-sentinel", 1, true)).get();
    }
    // one partition, so once the sentinel is routed every duplicate before it was routed (or dropped)
    List<ConsumerRecord<byte[], byte[]>> routed = RouterFixtures.readUntil(stack, topics.retry(Duration.ofSeconds(1)), TIMEOUT,
        r -> r.stream().anyMatch(c -> JobHeaders.jobId(c.headers()).orElse("").equals("job-sentinel")));
    assertThat(routed).extracting(c -> JobHeaders.jobId(c.headers()).orElseThrow())
        .containsExactly("job-dup", "job-sentinel");
    // jitter may forward the sentinel first: wait for both
    List<ConsumerRecord<byte[], byte[]>> main = RouterFixtures.readUntil(stack, topics.main(), TIMEOUT,
        r -> r.stream().map(c -> JobHeaders.jobId(c.headers()).orElse("")).distinct().count() == 2);
    assertThat(main).extracting(c -> JobHeaders.jobId(c.headers()).orElseThrow())
        .containsExactlyInAnyOrder("job-dup", "job-sentinel");
    assertThat(main).allSatisfy(c -> assertThat(JobHeaders.attempt(c.headers())).isEqualTo(2));
  }

  @Test
  void newJobTypeIsPickedUpWithoutRestart(JobpipeStack stack) throws Exception {
    String type = RouterFixtures.uniqueType("late-type");
    RouterFixtures.createTypeTopics(stack, type, 2);
    JobTopics topics = JobTopics.of(type);
    try (KafkaProducer<byte[], byte[]> producer = RouterFixtures.producer(stack)) {
      producer.send(RouterFixtures.failure(type, "job-new-type", 1, true)).get();
    }
    List<ConsumerRecord<byte[], byte[]>> main = RouterFixtures.readUntil(stack, topics.main(), TIMEOUT, r -> !r.isEmpty());
    assertThat(main).hasSize(1);
    assertThat(JobHeaders.jobId(main.get(0).headers())).contains("job-new-type");
    assertThat(JobHeaders.attempt(main.get(0).headers())).isEqualTo(2);
  }
}
