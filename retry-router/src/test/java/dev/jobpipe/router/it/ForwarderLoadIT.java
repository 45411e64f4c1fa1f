package dev.jobpipe.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.router.RetryRouter;
import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A tier holding thousands of jittered retries forwards every one, none early, none twice. */
@ExtendWith(JobpipeStackExtension.class)
class ForwarderLoadIT {

  private static final int RETRIES = 3_000;
  private static final Duration TIER = Duration.ofSeconds(2);

  @TempDir
  Path stateDir;

  @Test
  void forwardsThousandsOfHeldRecordsEachNoEarlierThanDue(JobpipeStack stack) throws Exception {
    String type = RouterFixtures.uniqueType("load");
    JobTopics topics = JobTopics.of(type);
    stack.createTopic(topics.main(), 3);
    stack.createTopic(topics.retry(TIER), 3);
    String applicationId = RouterFixtures.uniqueType("load-it");
    try (RetryRouter router = RetryRouter.builder(new RouterConfig(RouterFixtures.routerProps(stack, applicationId, stateDir))).build()) {
      router.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> router.health().ready());

      try (KafkaProducer<byte[], byte[]> producer = RouterFixtures.producer(stack)) {
        for (int i = 0; i < RETRIES; i++) {
          Headers h = RouterFixtures.jobHeaders(type, "job-" + i, Instant.now());
          long jitter = ThreadLocalRandom.current().nextLong(-400, 401);
          JobHeaders.set(h, JobHeaders.NOT_BEFORE, Instant.now().plus(TIER).plusMillis(jitter));
          producer.send(new ProducerRecord<>(topics.retry(TIER), null, null,
              ("key-" + (i % 97)).getBytes(StandardCharsets.UTF_8), RouterFixtures.VALUE, h));
        }
        producer.flush();
      }

      List<ConsumerRecord<byte[], byte[]>> forwarded = RouterFixtures.readUntil(stack, topics.main(), Duration.ofSeconds(90),
          r -> r.size() >= RETRIES);
      Set<String> ids = new HashSet<>();
      List<Long> lateness = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record : forwarded) {
        ids.add(JobHeaders.jobId(record.headers()).orElseThrow());
        assertThat(JobHeaders.attempt(record.headers())).isEqualTo(2);
        long due = JobHeaders.notBefore(record.headers()).orElseThrow().toEpochMilli();
        assertThat(record.timestamp()).as("forwarded no earlier than due").isGreaterThanOrEqualTo(due);
        lateness.add(record.timestamp() - due);
      }
      assertThat(ids).hasSize(RETRIES);

      await().atMost(Duration.ofSeconds(60))
          .until(() -> RouterFixtures.caughtUp(stack, applicationId + "-forwarder", Set.of(topics.retry(TIER))));
      assertThat(RouterFixtures.readAll(stack, topics.main())).as("none forwarded twice").hasSize(RETRIES);

      Collections.sort(lateness);
      System.out.printf("forward lateness of %d retries (send timestamp - due): p50 %d ms, p99 %d ms, max %d ms%n",
          lateness.size(), lateness.get(lateness.size() / 2), lateness.get((int) (lateness.size() * 0.99)),
          lateness.get(lateness.size() - 1));
    }
  }
}
