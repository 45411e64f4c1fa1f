package dev.jobpipe.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.reliability.harness.Behavior;
import dev.jobpipe.reliability.harness.Figures;
import dev.jobpipe.reliability.harness.JobpipeProcess;
import dev.jobpipe.reliability.harness.Reconciliation;
import dev.jobpipe.reliability.harness.RouterOptions;
import dev.jobpipe.reliability.harness.Scenario;
import dev.jobpipe.reliability.harness.WorkerOptions;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 12 (issue 18, finding 4): the broker is down for a long outage while retries wait in
 * their tier, and comes back. The router must ride it out without anyone restarting it — Kafka
 * Streams failures on the broker's return (a rebalance that finds the failed topics missing from
 * metadata, a changelog not in metadata after {@code max.block.ms}, a task timeout) restart the
 * part that failed — and forward again soon after the return; no retry may be lost or forwarded
 * twice, and every exhausted job is dead-lettered once. The default outage is 15 s (the issue saw it stop the router); {@code -Psoak}
 * holds the broker down for 10 minutes ({@code -Dreliability.outage.seconds} overrides both).
 */
@ExtendWith(JobpipeStackExtension.class)
class RouterOutageIT {

  private static final boolean SOAK = Boolean.getBoolean("reliability.soak");
  private static final int JOBS = 1_000;
  private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("reliability.outage.seconds", SOAK ? 600 : 15));
  /** The first tier: retries routed just before the outage come due while the broker is down. */
  private static final String TIERS = "10s,1s";
  private static final int MAX_ATTEMPTS = 3;

  private Scenario scenario;
  private JobpipeStack stack;

  @BeforeEach
  void setUp(JobpipeStack stack) {
    Assumptions.assumeTrue(stack.embedded(), "the broker can only be stopped on the embedded stack");
    this.stack = stack;
    scenario = new Scenario(stack, "router-outage");
    scenario.applyTopics(6, TIERS);
  }

  @AfterEach
  void tearDown() {
    if (scenario != null) {
      scenario.close();
    }
  }

  static Behavior behavior(int i) {
    if (i % 20 == 7) {
      return Behavior.FAIL_ALWAYS;
    }
    return i % 2 == 0 ? Behavior.FAIL_ONCE : Behavior.OK;
  }

  @Test
  void theRouterRidesOutALongBrokerOutage() {
    JobpipeProcess worker = scenario.startWorker("worker-1", scenario.handler(), WorkerOptions.defaults());
    JobpipeProcess router = scenario.startRouter("router-1", new RouterOptions(TIERS, MAX_ATTEMPTS));
    router.awaitReady(Duration.ofMinutes(1));
    List<String> ids = scenario.publish(JOBS, RouterOutageIT::behavior);
    long failing = ids.stream().filter(id -> Behavior.of(id, 0) != Behavior.OK).count();
    // every first failure routed to the 10 s tier: the outage starts with all their retries pending
    String firstTier = scenario.topics().retry(Duration.ofSeconds(10));
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
        .until(() -> scenario.reader().endOffsets(firstTier).values().stream().mapToLong(Long::longValue).sum() >= failing);

    long stoppedAt = System.currentTimeMillis();
    stack.stopBroker();
    await().during(OUTAGE).atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
        .until(() -> router.isAlive() && worker.isAlive());
    stack.startBroker();
    long upAt = System.currentTimeMillis();

    Reconciliation r = scenario.awaitAccounted(ids, Duration.ofMinutes(3), List.of(worker, router));
    List<ConsumerRecord<byte[], byte[]>> forwards = scenario.reader().readAll(scenario.topics().main()).stream()
        .filter(rec -> JobHeaders.attempt(rec.headers()) >= 2).toList();
    long firstForward = forwards.stream().mapToLong(ConsumerRecord::timestamp).filter(t -> t >= upAt).min().orElse(-1);
    Map<String, Long> perAttempt = forwards.stream().collect(Collectors.groupingBy(
        rec -> JobHeaders.jobId(rec.headers()).orElse("?") + "#" + JobHeaders.attempt(rec.headers()), Collectors.counting()));
    List<String> doubledForwards = perAttempt.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();

    Figures.of("router-outage").put("jobs", JOBS).put("failing", failing)
        .putSeconds("brokerDown", (upAt - stoppedAt) / 1000.0)
        .put("firstForwardAfterReturnMs", firstForward < 0 ? -1 : firstForward - upAt)
        .put("forwards", forwards.size()).put("doubledForwards", doubledForwards.size())
        .put("deadLetters", r.deadLettersByReason()).put("duplicates", r.duplicates())
        .put("routerStarts", router.starts()).write();

    r.assertSound().assertOutcomesAsMarked(0, ids);
    assertThat(doubledForwards).as("retries forwarded to jobs.T more than once").isEmpty();
    assertThat(router.starts()).as("router processes started (a manual restart would be a second)").isEqualTo(1);
  }
}
