package dev.jobpipe.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.reliability.harness.Behavior;
import dev.jobpipe.reliability.harness.DeadLetter;
import dev.jobpipe.reliability.harness.Execution;
import dev.jobpipe.reliability.harness.Figures;
import dev.jobpipe.reliability.harness.JobpipeProcess;
import dev.jobpipe.reliability.harness.Reconciliation;
import dev.jobpipe.reliability.harness.Scenario;
import dev.jobpipe.reliability.harness.WorkerOptions;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 5: records no decoder can read, written by a plain producer between good jobs, each go
 * to the DLQ as UNDECODABLE with the decode error and their bytes unchanged, while every good job
 * around them succeeds. Throughput on the good jobs is reported, not asserted.
 */
@ExtendWith(JobpipeStackExtension.class)
class PoisonPillIT {

  private static final int GOOD_BEFORE = 1_000;
  private static final int GOOD_AFTER = 1_000;
  /** A mebibyte: more than the broker's default max.message.bytes, so the topic must be configured. */
  private static final int GARBAGE_SIZE = 1024 * 1024;
  private static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024 + 64 * 1024;

  /** A word the dead letter's error message must contain, per pill: the reason, not just "error". */
  private static final Map<String, String> REASON_WORDS = Map.of(
      "wrong-magic-byte", "magic", "unknown-schema-id", "schema id", "truncated-avro", "avro",
      "empty-value", "empty", "null-value", "null", "1mb-garbage", "magic");

  private Scenario scenario;

  @BeforeEach
  void setUp(JobpipeStack stack) throws Exception {
    scenario = new Scenario(stack, "poison-pill");
    scenario.applyTopics(3, "1s");
    try (Admin admin = Admin.create(stack.clientProperties())) {
      Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
      for (String topic : List.of(scenario.topics().main(), scenario.topics().dlq(), scenario.topics().failed())) {
        ops.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(new AlterConfigOp(
            new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES)),
            AlterConfigOp.OpType.SET)));
      }
      admin.incrementalAlterConfigs(ops).all().get(30, TimeUnit.SECONDS);
    }
  }

  @AfterEach
  void tearDown() {
    scenario.close();
  }

  @Test
  void poisonPillsAreDeadLetteredAndGoodJobsAroundThemSucceed() throws Exception {
    List<String> good = new ArrayList<>(scenario.publish(GOOD_BEFORE, i -> Behavior.OK));
    // a good job's value, to cut and to corrupt
    byte[] valid = validValue(good.getFirst());

    Map<String, byte[]> pills = new LinkedHashMap<>();
    byte[] wrongMagic = valid.clone();
    wrongMagic[0] = 1;
    pills.put("wrong-magic-byte", wrongMagic);
    byte[] unknownId = valid.clone();
    ByteBuffer.wrap(unknownId).putInt(1, 0x7fff_fff0);
    pills.put("unknown-schema-id", unknownId);
    pills.put("truncated-avro", Arrays.copyOf(valid, 5 + (valid.length - 5) / 3));
    pills.put("empty-value", new byte[0]);
    pills.put("null-value", null);
    byte[] garbage = new byte[GARBAGE_SIZE];
    new Random(42).nextBytes(garbage);
    pills.put("1mb-garbage", garbage);

    Map<String, RecordMetadata> written = new LinkedHashMap<>();
    Map<String, Object> props = new HashMap<>(scenario.stack().clientProperties());
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int p = 0; p < 3; p++) { // every pill in every partition, so no partition is spared
        for (Map.Entry<String, byte[]> pill : pills.entrySet()) {
          written.put(pill.getKey() + "@" + p, producer.send(
              new ProducerRecord<>(scenario.topics().main(), p, null, pill.getKey().getBytes(StandardCharsets.UTF_8), pill.getValue()))
              .get(30, TimeUnit.SECONDS));
        }
      }
    }
    good.addAll(scenario.publish(GOOD_AFTER, i -> Behavior.OK));

    long started = System.currentTimeMillis();
    JobpipeProcess worker = scenario.startWorker("worker-1", scenario.handler(), WorkerOptions.defaults());
    Reconciliation r = scenario.awaitAccounted(good, Duration.ofMinutes(2), List.of(worker));
    List<DeadLetter> letters = awaitDeadLetters(written.size());

    List<Execution> executions = scenario.logs().read();
    long first = executions.stream().mapToLong(Execution::atMillis).min().orElse(started);
    long last = executions.stream().mapToLong(Execution::atMillis).max().orElse(started);
    Figures.of("poison-pill").put("goodJobs", good.size()).put("pills", written.size())
        .put("undecodable", letters.stream().filter(l -> l.reason().orElse(null) == DlqReason.UNDECODABLE).count())
        .put("goodJobsPerSecond", (long) (good.size() * 1000.0 / Math.max(1, last - first)))
        .put("duplicates", r.duplicates()).write();

    r.assertSound().assertOutcomesAsMarked(0, good);
    assertThat(r.deadLettered()).as("good jobs dead-lettered").isEmpty();
    assertThat(letters).as("one dead letter per pill, nothing else").hasSize(written.size());
    for (Map.Entry<String, RecordMetadata> w : written.entrySet()) {
      String kind = w.getKey().substring(0, w.getKey().indexOf('@'));
      RecordMetadata md = w.getValue();
      List<DeadLetter> matching = letters.stream()
          .filter(l -> l.cameFrom(md.topic(), md.partition(), md.offset())).toList();
      assertThat(matching).as("dead letters of %s at %s-%d", kind, md.partition(), md.offset()).hasSize(1);
      DeadLetter l = matching.getFirst();
      assertThat(l.reason()).as("reason of %s", kind).contains(DlqReason.UNDECODABLE);
      assertThat(l.errorMessage()).as("error message of %s", kind).isNotBlank()
          .containsIgnoringCase(REASON_WORDS.get(kind));
      byte[] original = pills.get(kind);
      assertThat(l.valueSize()).as("value size of %s on the DLQ", kind).isEqualTo(original == null ? -1 : original.length);
    }
  }

  private List<DeadLetter> awaitDeadLetters(int expected) {
    List<List<DeadLetter>> last = new ArrayList<>(List.of(List.of()));
    try {
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
          .until(() -> {
            last.set(0, scenario.reconciler().deadLetters());
            return last.getFirst().size() >= expected;
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("expected " + expected + " dead letters, found " + last.getFirst().size() + ": "
          + last.getFirst() + scenario.fleet().diagnostics(40), e);
    }
    return last.getFirst();
  }

  /** The raw value of a published good job, read back from the main topic. */
  private byte[] validValue(String jobId) {
    return scenario.reader().readAll(scenario.topics().main()).stream()
        .filter(rec -> jobId.equals(JobHeaders.jobId(rec.headers()).orElse(null)))
        .findFirst().orElseThrow().value();
  }
}
