package dev.jobpipe.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.reliability.harness.Behavior;
import dev.jobpipe.reliability.harness.Execution;
import dev.jobpipe.reliability.harness.Figures;
import dev.jobpipe.reliability.harness.JobpipeProcess;
import dev.jobpipe.reliability.harness.Reconciliation;
import dev.jobpipe.reliability.harness.Scenario;
import dev.jobpipe.reliability.harness.WorkerOptions;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 3: the registry is unreachable for 20 s while running workers receive jobs whose schema
 * they have never seen. The type is fresh and the workers start idle, so no worker can have the
 * schema cached: every job of the outage needs a registry lookup that fails. (Were the schema
 * cached, the workers would never call the registry and the test would prove nothing.) The jobs are
 * encoded before the outage and written by a plain producer, as any Confluent-compatible client
 * may. Expected: no execution and no dead letter during the outage, workers still running, and
 * every job done after it, none dead-lettered.
 */
@ExtendWith(JobpipeStackExtension.class)
class RegistryOutageIT {

  private static final int JOBS = 2_000;
  private static final Duration OUTAGE = Duration.ofSeconds(20);

  private Scenario scenario;
  private JobpipeStack stack;

  @BeforeEach
  void setUp(JobpipeStack stack) {
    Assumptions.assumeTrue(stack.embedded(), "the registry can only be cut on the embedded stack");
    this.stack = stack;
    scenario = new Scenario(stack, "registry-outage");
    scenario.applyTopics(3, "1s");
  }

  @AfterEach
  void tearDown() {
    if (stack != null && stack.embedded()) {
      stack.restoreRegistry();
    }
    if (scenario != null) {
      scenario.close();
    }
  }

  @Test
  void workersPauseThroughARegistryOutageAndDeadLetterNothing() throws Exception {
    // the registry backoff capped at 2 s (default 30 s): the workers retry the registry more often
    // through the outage, and the first retry after it comes within 2 s instead of up to 16 s later
    WorkerOptions options = WorkerOptions.defaults().with("registry.backoff.max.ms", "2000");
    List<JobpipeProcess> workers = List.of(
        scenario.startWorker("worker-1", scenario.handler(), options),
        scenario.startWorker("worker-2", scenario.handler(), options));
    workers.forEach(w -> w.awaitReady(Duration.ofMinutes(1)));

    // encode every payload now, while the registry is up, after the workers started: the subject did
    // not even exist when they started, so not even a start-up prefetch can have cached the schema
    String subject = scenario.topics().main() + "-value";
    List<byte[]> values = new ArrayList<>(JOBS);
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl())) {
      AvroCodec codec = new AvroCodec(registry, true);
      for (int i = 0; i < JOBS; i++) {
        values.add(codec.encode(subject, Scenario.payload(i)));
      }
    }

    stack.cutRegistry();
    long cutAt = System.currentTimeMillis();
    List<String> ids = publishPlain(values);

    // the whole outage: no job runs (no schema), none is dead-lettered, no worker gives up; all
    // three are monotonic, so one violation can never turn back into a pass
    try {
      await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
          .until(() -> scenario.logs().countLines() == 0 && scenario.reconciler().deadLetters().isEmpty()
              && workers.stream().allMatch(JobpipeProcess::isAlive));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("during the registry outage: executions=" + scenario.logs().countLines()
          + " deadLetters=" + scenario.reconciler().deadLetters() + " workers=" + workers
          + scenario.fleet().diagnostics(40), e);
    }
    stack.restoreRegistry();
    long restoredAt = System.currentTimeMillis();
    Reconciliation r = scenario.awaitAccounted(ids, Duration.ofMinutes(2), workers);
    List<Execution> executions = scenario.logs().read();
    long firstAfter = executions.stream().mapToLong(Execution::atMillis).filter(t -> t >= restoredAt).min().orElse(-1);
    long lastAfter = executions.stream().mapToLong(Execution::atMillis).max().orElse(-1);

    Figures.of("registry-outage").put("jobs", JOBS).putSeconds("outage", (restoredAt - cutAt) / 1000.0)
        .put("executedDuringOutage", 0).put("deadLettersDuringOutage", 0)
        .put("deadLettered", r.deadLettered().size()).put("duplicates", r.duplicates())
        .put("firstJobAfterRestoreMs", firstAfter < 0 ? -1 : firstAfter - restoredAt)
        .put("allDoneAfterRestoreMs", lastAfter - restoredAt).write();

    r.assertSound().assertOutcomesAsMarked(0, ids);
    assertThat(r.deadLettered()).as("jobs dead-lettered because of the outage").isEmpty();
    assertThat(r.unknownDeadLetters()).as("other dead letters").isEmpty();
  }

  /** Writes the encoded jobs with a plain producer and the contract's headers; returns their ids. */
  private List<String> publishPlain(List<byte[]> values) throws Exception {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    List<String> ids = new ArrayList<>(values.size());
    List<Future<RecordMetadata>> sent = new ArrayList<>(values.size());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < values.size(); i++) {
        String id = Behavior.OK.jobId(i + "-" + Long.toString(System.nanoTime(), 36));
        RecordHeaders headers = new RecordHeaders();
        JobHeaders.set(headers, JobHeaders.JOB_ID, id);
        JobHeaders.set(headers, JobHeaders.JOB_TYPE, scenario.type());
        JobHeaders.set(headers, JobHeaders.ATTEMPT, 1);
        JobHeaders.set(headers, JobHeaders.ENQUEUED_AT, System.currentTimeMillis());
        sent.add(producer.send(new ProducerRecord<>(scenario.topics().main(), null, id.getBytes(), values.get(i),
            headers)));
        ids.add(id);
      }
      for (Future<RecordMetadata> f : sent) {
        f.get(30, TimeUnit.SECONDS);
      }
    }
    return ids;
  }
}
