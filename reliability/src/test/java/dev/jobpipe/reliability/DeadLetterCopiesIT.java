package dev.jobpipe.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.producer.JobRequest;
import dev.jobpipe.reliability.harness.Behavior;
import dev.jobpipe.reliability.harness.CliResult;
import dev.jobpipe.reliability.harness.DeadLetter;
import dev.jobpipe.reliability.harness.Figures;
import dev.jobpipe.reliability.harness.JobpipeProcess;
import dev.jobpipe.reliability.harness.Scenario;
import dev.jobpipe.reliability.harness.WorkerOptions;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 13 (issue 18, finding 3): a worker dead-letters poison pills, is SIGKILLed before it
 * commits past them (a hanging job earlier in the partition holds the commit back), and
 * dead-letters them again when it restarts: at-least-once writes every pill's letter twice. The
 * inspector must not show, count or replay a letter twice: {@code dlq list}, {@code stats} and
 * {@code replay} collapse letters of the same origin and attempt and say how many copies they hid.
 */
@ExtendWith(JobpipeStackExtension.class)
class DeadLetterCopiesIT {

  private static final int PILLS = Boolean.getBoolean("reliability.soak") ? 60 : 6;

  private Scenario scenario;

  @BeforeEach
  void setUp(JobpipeStack stack) {
    scenario = new Scenario(stack, "dlq-copies");
    scenario.applyTopics(1, "1s");
  }

  @AfterEach
  void tearDown() {
    scenario.close();
  }

  @Test
  void copiesOfDeadLettersAreShownCountedAndReplayedOnce() throws Exception {
    // a job that hangs for the whole test keeps the committed offset below every pill after it
    String hang = Behavior.HANG_ONCE.jobId("blocker-" + System.nanoTime());
    scenario.publisher().publishAll(List.of(JobRequest.builder(scenario.type(), Scenario.payload(0)).jobId(hang).build()))
        .getFirst().join();
    writePills();
    // no commit before the kill, not even of the done records above the blocker
    WorkerOptions options = WorkerOptions.defaults().withJobTimeout(Duration.ofMinutes(10))
        .with("commit.interval.ms", "600000");
    scenario.shortWorkerSessions(); // the restart waits for the killed member's session
    JobpipeProcess worker = scenario.startWorker("worker-1", scenario.handler(), options);
    awaitRawLetters(PILLS);
    worker.kill();
    worker.start();
    awaitRawLetters(2 * PILLS);

    String type = scenario.type();
    CliResult list = cli("dlq", "list", "--type", type, "--limit", "100");
    CliResult json = cli("dlq", "list", "--type", type, "--limit", "100", "--json");
    CliResult stats = cli("dlq", "stats", "--type", type);
    CliResult replay = cli("dlq", "replay", "--type", type, "--all");
    long jsonLines = json.out().lines().filter(l -> !l.isBlank()).count();

    Figures.of("dlq-copies").put("pills", PILLS).put("rawLetters", scenario.reconciler().deadLetters().size())
        .put("listed", jsonLines).write();

    assertThat(jsonLines).as("letters listed (JSON)\n%s", json).isEqualTo(PILLS);
    assertThat(list.out()).as("dlq list").contains(PILLS + " dead letters of " + scenario.topics().dlq())
        .contains(PILLS + " copies of these letters hidden");
    assertThat(stats.out()).as("dlq stats").contains(PILLS + " dead letters in")
        .contains(PILLS + " not counted (same origin and attempt");
    assertThat(replay.out()).as("dlq replay").contains("skipped " + PILLS + " copies")
        .contains("skipped " + PILLS + " letters that no longer fit");
  }

  private CliResult cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(scenario.fleet().connection());
    CliResult result = Scenario.runCliInProcess(all);
    assertThat(result.exitCode()).as("%s", result).isZero();
    return result;
  }

  /** Pills with distinct keys after the blocker: with key ordering they run at once, and fail to decode. */
  private void writePills() throws Exception {
    Map<String, Object> props = new HashMap<>(scenario.stack().clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < PILLS; i++) {
        producer.send(new ProducerRecord<>(scenario.topics().main(), 0, ("pill-" + i).getBytes(StandardCharsets.UTF_8),
            ("not avro " + i).getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
      }
    }
  }

  private void awaitRawLetters(int n) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
      List<DeadLetter> letters = scenario.reconciler().deadLetters();
      return letters.size() >= n;
    });
  }
}
