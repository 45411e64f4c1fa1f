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
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 12 (issue 18, finding 4): the broker stops while the routing is busy — failures are
 * still flowing into {@code jobs.T.failed}, so Kafka Streams has records in flight and a
 * transaction open — and stays down while routed retries come due in their tier. Kafka's timeouts
 * run out during the outage: the routing's records expire, its transaction can neither commit nor
 * abort, and Kafka Streams hands the failure to the router's uncaught-exception handler. The router
 * must restart the part that failed (not stop, as it did when it answered {@code SHUTDOWN_CLIENT}),
 * forward again soon after the broker's return, and lose or forward twice no retry; every exhausted
 * job is dead-lettered once.
 *
 * <p>The router runs with its Kafka timeouts compressed from minutes to seconds ({@link
 * #ROUTER_SETTINGS}), so the default 15 s hold outlasts them as a 10-minute outage outlasts Kafka's
 * defaults ({@code max.block.ms} 60 s, {@code task.timeout.ms} 5 min); with the defaults, Kafka
 * Streams waits a short outage out in {@code producer.flush()} and no failure reaches the router.
 * {@code -Psoak} holds the broker down for 10 minutes ({@code -Dreliability.outage.seconds}
 * overrides both).
 */
@ExtendWith(JobpipeStackExtension.class)
class RouterOutageIT {

  private static final boolean SOAK = Boolean.getBoolean("reliability.soak");
  private static final int JOBS = 1_000;
  private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("reliability.outage.seconds", SOAK ? 600 : 15));
  /** The first tier: retries routed just before the outage come due while the broker is down. */
  private static final String TIERS = "5s,1s";
  private static final int MAX_ATTEMPTS = 3;
  /**
   * Each execution sleeps this long: 16 handlers take about 10 s for the jobs, so failures still
   * flow into the routing when the broker stops.
   */
  private static final Duration WORK = Duration.ofMillis(150);
  /** The broker stops once this share of the failing jobs has been routed. */
  private static final double ROUTED_BEFORE_STOP = 0.1;
  /**
   * The router's Kafka timeouts, compressed from minutes to seconds (its command-config passes them
   * to its Streams client and forwarder): a record not delivered within 3 s expires, a blocked
   * transaction call gives up after 3 s, an admin call after 2 s, and a task that made no progress
   * for 1 s fails its stream thread. A routing transaction stays open up to 1 s
   * ({@code commit.interval.ms}), so the broker stops while one is open.
   */
  static final Map<String, String> ROUTER_SETTINGS = Map.of(
      "producer.request.timeout.ms", "2000",
      "producer.delivery.timeout.ms", "3000",
      "producer.max.block.ms", "3000",
      "admin.request.timeout.ms", "2000",
      "admin.default.api.timeout.ms", "2000",
      "task.timeout.ms", "1000",
      "commit.interval.ms", "1000");
  private static final String RESTARTS = "jobpipe_router_restarts_total";

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
    JobpipeProcess worker = scenario.startWorker("worker-1", scenario.handler().withWork(WORK), WorkerOptions.defaults());
    RouterOptions routerOptions = new RouterOptions(TIERS, MAX_ATTEMPTS);
    for (Map.Entry<String, String> setting : ROUTER_SETTINGS.entrySet()) {
      routerOptions = routerOptions.with(setting.getKey(), setting.getValue());
    }
    JobpipeProcess router = scenario.startRouter("router-1", routerOptions);
    router.awaitReady(Duration.ofMinutes(1));
    List<String> ids = scenario.publish(JOBS, RouterOutageIT::behavior);
    long failing = ids.stream().filter(id -> Behavior.of(id, 0) != Behavior.OK).count();
    String firstTier = scenario.topics().retry(Duration.ofSeconds(5));
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
        .until(() -> routed(firstTier) >= failing * ROUTED_BEFORE_STOP);
    long routedAtStop = routed(firstTier);

    long stoppedAt = System.currentTimeMillis();
    stack.stopBroker();
    try {
      await().during(OUTAGE).atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
          .until(() -> router.isAlive() && worker.isAlive());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("a process exited while the broker was down (router alive: " + router.isAlive()
          + ", worker alive: " + worker.isAlive() + ")" + scenario.fleet().diagnostics(30), e);
    }
    stack.startBroker();
    long upAt = System.currentTimeMillis();

    Reconciliation r = scenario.awaitAccounted(ids, Duration.ofMinutes(3), List.of(worker, router));
    List<ConsumerRecord<byte[], byte[]>> forwards = scenario.reader().readAll(scenario.topics().main()).stream()
        .filter(rec -> JobHeaders.attempt(rec.headers()) >= 2).toList();
    long firstForward = forwards.stream().mapToLong(ConsumerRecord::timestamp).filter(t -> t >= upAt).min().orElse(-1);
    Map<String, Long> perAttempt = forwards.stream().collect(Collectors.groupingBy(
        rec -> JobHeaders.jobId(rec.headers()).orElse("?") + "#" + JobHeaders.attempt(rec.headers()), Collectors.counting()));
    List<String> doubledForwards = perAttempt.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    double routingRestarts = router.metric(RESTARTS, "part=\"routing\"");
    double forwarderRestarts = router.metric(RESTARTS, "part=\"forwarder\"");

    Figures.of("router-outage").put("jobs", JOBS).put("failing", failing)
        .putSeconds("brokerDown", (upAt - stoppedAt) / 1000.0)
        .put("firstForwardAfterReturnMs", firstForward < 0 ? -1 : firstForward - upAt)
        .put("routedAtStop", routedAtStop)
        .put("forwards", forwards.size()).put("doubledForwards", doubledForwards.size())
        .put("deadLetters", r.deadLettersByReason()).put("duplicates", r.duplicates())
        .put("routingRestarts", (long) routingRestarts).put("forwarderRestarts", (long) forwarderRestarts)
        .put("routerStarts", router.starts()).write();

    r.assertSound().assertOutcomesAsMarked(0, ids);
    assertThat(doubledForwards).as("retries forwarded to jobs.T more than once").isEmpty();
    assertThat(router.starts()).as("router processes started (a manual restart would be a second)").isEqualTo(1);
    // what this scenario is about: without it, it would pass without testing anything
    assertThat(routingRestarts).as("routing restarts: the outage must have failed the routing's Kafka Streams client")
        .isPositive();
  }

  /** First failures routed so far: the committed records of the first tier. */
  private long routed(String firstTier) {
    return scenario.reader().endOffsets(firstTier).values().stream().mapToLong(Long::longValue).sum();
  }
}
