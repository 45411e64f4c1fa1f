package dev.jobpipe.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.consumer.RetryableJobException;
import dev.jobpipe.consumer.TerminalJobException;
import dev.jobpipe.router.RetryPolicies;
import dev.jobpipe.router.RetryRouter;
import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The real worker and the router together: retries run on attempts 1, 2, 3; terminal goes to the DLQ. */
@ExtendWith(JobpipeStackExtension.class)
class WorkerRetryIT {

  private static final Schema SCHEMA = new Schema.Parser().parse("""
      {"type": "record", "name": "RetryItJob", "namespace": "dev.jobpipe.router.it",
       "fields": [{"name": "name", "type": "string"}]}""");

  /** One run of a job as the handler saw it. */
  record Run(String jobId, int attempt, Instant started, Instant notBefore) {}

  @TempDir
  Path stateDir;

  @Test
  void jobFailingTwiceRunsOnAttemptsOneTwoThreeAndTerminalFailureIsDeadLettered(JobpipeStack stack) throws Exception {
    String type = RouterFixtures.uniqueType("worker-retry");
    JobTopics topics = JobTopics.of(type);
    RouterFixtures.createTypeTopics(stack, type, 2);
    List<Run> runs = new CopyOnWriteArrayList<>();

    RetryPolicies policies = RetryPolicies.parse(Map.of("policy.default.tiers", "1s,2s"));
    RouterConfig routerConfig = new RouterConfig(RouterFixtures.routerProps(stack, RouterFixtures.uniqueType("worker-it"), stateDir));
    try (RetryRouter router = RetryRouter.builder(routerConfig).policies(policies).build();
         JobWorker worker = JobWorker.builder(type, GenericRecord.class, job -> handle(job, runs))
             .config(stack.clientProperties())
             .schemaRegistryUrl(stack.registryUrl())
             .commitInterval(Duration.ofMillis(100))
             .config(JobWorkerConfig.CONSUMER_PREFIX + "isolation.level", "read_committed")
             .build()) {
      router.start();
      worker.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> router.health().ready());
      publish(stack, topics, "flaky", "flaky-1");
      publish(stack, topics, "bad", "bad-1");

      await().atMost(Duration.ofSeconds(60)).until(() -> runs.stream().anyMatch(r -> r.jobId().equals("flaky-1") && r.attempt() == 3));
      List<ConsumerRecord<byte[], byte[]>> dead = RouterFixtures.readUntil(stack, topics.dlq(), Duration.ofSeconds(60), r -> !r.isEmpty());
      assertThat(dead).hasSize(1);
      assertThat(JobHeaders.jobId(dead.get(0).headers())).contains("bad-1");
      assertThat(JobHeaders.dlqReason(dead.get(0).headers())).contains(DlqReason.FATAL);
      assertThat(JobHeaders.string(dead.get(0).headers(), JobHeaders.ERROR_CLASS)).contains(TerminalJobException.class.getName());
    }

    List<Run> flaky = runs.stream().filter(r -> r.jobId().equals("flaky-1")).toList();
    assertThat(flaky).extracting(Run::attempt).containsExactly(1, 2, 3);
    for (Run retry : flaky.subList(1, flaky.size())) {
      assertThat(retry.notBefore()).as("a retry carries its due time").isNotNull();
      assertThat(retry.started()).as("attempt %d started no earlier than due", retry.attempt()).isAfterOrEqualTo(retry.notBefore());
    }
    assertThat(runs.stream().filter(r -> r.jobId().equals("bad-1"))).extracting(Run::attempt).containsExactly(1);
    System.out.printf("attempts of flaky-1 started at +0 ms, +%d ms, +%d ms (tiers 1s, 2s with ±20%% jitter)%n",
        Duration.between(flaky.get(0).started(), flaky.get(1).started()).toMillis(),
        Duration.between(flaky.get(0).started(), flaky.get(2).started()).toMillis());
  }

  private static void handle(Job<GenericRecord> job, List<Run> runs) {
    runs.add(new Run(job.id(), job.attempt(), Instant.now(), JobHeaders.notBefore(job.headers()).orElse(null)));
    String name = job.payload().get("name").toString();
    if (name.equals("bad")) {
      throw new TerminalJobException("no such recipient");
    }
    if (job.attempt() < 3) {
      throw new RetryableJobException("flaky downstream, attempt " + job.attempt());
    }
  }

  private static void publish(JobpipeStack stack, JobTopics topics, String name, String jobId) throws Exception {
    AvroCodec codec = new AvroCodec(SchemaRegistryClient.create(stack.registryUrl()), true);
    GenericRecord payload = new GenericData.Record(SCHEMA);
    payload.put("name", name);
    try (KafkaProducer<byte[], byte[]> producer = RouterFixtures.producer(stack)) {
      producer.send(new ProducerRecord<>(topics.main(), null, null, jobId.getBytes(StandardCharsets.UTF_8),
          codec.encode(topics.main() + "-value", payload), RouterFixtures.jobHeaders(topics.type(), jobId, Instant.now()))).get();
    }
  }
}
