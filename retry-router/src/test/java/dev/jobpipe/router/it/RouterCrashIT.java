package dev.jobpipe.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router process is SIGKILLed while failures are being routed and retries forwarded, then
 * restarted: every job still ends in the DLQ exactly once, and every attempt ran exactly once.
 */
@ExtendWith(JobpipeStackExtension.class)
class RouterCrashIT {

  private static final int JOBS = 200;

  @TempDir
  Path stateDir;

  @Test
  void killedAndRestartedRouterLosesAndDoublesNothing(JobpipeStack stack) throws Exception {
    String type = RouterFixtures.uniqueType("crash");
    JobTopics topics = JobTopics.of(type);
    RouterFixtures.createTypeTopics(stack, type, 3);
    String applicationId = RouterFixtures.uniqueType("crash-it");
    Map<String, Object> props = new HashMap<>(RouterFixtures.routerProps(stack, applicationId, stateDir));
    props.put(RouterConfig.INSTANCE_ID_CONFIG, "crash-router");
    Path log = Path.of("target", "RouterCrashIT-child-router.log");
    java.nio.file.Files.deleteIfExists(log);

    try (FailingWorker worker = new FailingWorker(stack, type, true)) {
      ChildRouter first = new ChildRouter(props, "1s,2s", log);
      try {
        first.awaitReady(Duration.ofSeconds(90));
        Thread publisher = new Thread(() -> publish(stack, topics), "publisher");
        publisher.start();
        await().atMost(Duration.ofSeconds(60)).until(() ->
            worker.seen().stream().filter(r -> JobHeaders.attempt(r.headers()) == 2).count() >= 20);
        first.kill();
        publisher.join();
      } finally {
        first.close();
      }

      try (ChildRouter second = new ChildRouter(props, "1s,2s", log)) {
        second.awaitReady(Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
            RouterFixtures.readAll(stack, topics.dlq()).stream()
                .map(r -> JobHeaders.jobId(r.headers()).orElseThrow()).distinct().count() == JOBS);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
            RouterFixtures.caughtUp(stack, applicationId, Set.of(topics.failed()))
                && RouterFixtures.caughtUp(stack, applicationId + "-forwarder",
                    Set.of(topics.retry(Duration.ofSeconds(1)), topics.retry(Duration.ofSeconds(2)))));
      }
    }

    List<ConsumerRecord<byte[], byte[]>> dead = RouterFixtures.readAll(stack, topics.dlq());
    assertThat(dead).as("one dead letter per job").hasSize(JOBS);
    assertThat(dead).allSatisfy(r -> {
      assertThat(JobHeaders.dlqReason(r.headers())).contains(DlqReason.EXHAUSTED);
      assertThat(JobHeaders.attempt(r.headers())).isEqualTo(3);
    });
    Map<String, Long> runsPerAttempt = RouterFixtures.readAll(stack, topics.main()).stream()
        .collect(Collectors.groupingBy(r -> JobHeaders.jobId(r.headers()).orElseThrow() + "#" + JobHeaders.attempt(r.headers()),
            Collectors.counting()));
    assertThat(runsPerAttempt).as("attempts 1, 2, 3 of every job, each once").hasSize(JOBS * 3);
    assertThat(runsPerAttempt.values()).containsOnly(1L);
  }

  /** 200 jobs over about two seconds, so the kill lands while all stages are busy. */
  private static void publish(JobpipeStack stack, JobTopics topics) {
    try (KafkaProducer<byte[], byte[]> producer = RouterFixtures.producer(stack)) {
      for (int i = 0; i < JOBS; i++) {
        producer.send(new ProducerRecord<>(topics.main(), null, null, ("key-" + i).getBytes(StandardCharsets.UTF_8),
            RouterFixtures.VALUE, RouterFixtures.jobHeaders(topics.type(), "crash-job-" + i, Instant.now())));
        if (i % 10 == 9) {
          Thread.sleep(100);
        }
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
