package dev.jobpipe.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.producer.JobReceipt;
import dev.jobpipe.producer.JobRequest;
import dev.jobpipe.reliability.harness.Behavior;
import dev.jobpipe.reliability.harness.Execution;
import dev.jobpipe.reliability.harness.Figures;
import dev.jobpipe.reliability.harness.JobpipeProcess;
import dev.jobpipe.reliability.harness.Reconciliation;
import dev.jobpipe.reliability.harness.RouterOptions;
import dev.jobpipe.reliability.harness.Scenario;
import dev.jobpipe.reliability.harness.WorkerOptions;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2: the broker process is stopped and started again (same port, same data) while a
 * publisher keeps publishing, two workers run jobs and the router retries failures. Nobody is
 * restarted by hand: every component must ride it out. Nothing may be lost, no publish may fail
 * (the outage is shorter than the delivery timeout), every process must still be running.
 */
@ExtendWith(JobpipeStackExtension.class)
class BrokerRestartIT {

  private static final int JOBS = 4_000;
  private static final int BATCH = 100;
  private static final Duration BROKER_DOWN = Duration.ofSeconds(8);

  private Scenario scenario;
  private JobpipeStack stack;
  private ScheduledExecutorService pacer;

  @BeforeEach
  void setUp(JobpipeStack stack) {
    Assumptions.assumeTrue(stack.embedded(), "the broker can only be restarted on the embedded stack");
    this.stack = stack;
    scenario = new Scenario(stack, "broker-restart");
    scenario.applyTopics(6, "1s");
    pacer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void tearDown() {
    if (pacer != null) {
      pacer.shutdownNow();
    }
    if (scenario != null) {
      scenario.close();
    }
  }

  @Test
  void everyComponentRidesOutABrokerRestart() throws Exception {
    // 1 job in 10 fails once, so the router's retry path crosses the restart too
    List<JobRequest> requests = new ArrayList<>(JOBS);
    String run = Long.toString(System.nanoTime(), 36);
    for (int i = 0; i < JOBS; i++) {
      Behavior b = i % 10 == 3 ? Behavior.FAIL_ONCE : Behavior.OK;
      requests.add(JobRequest.builder(scenario.type(), Scenario.payload(i)).jobId(b.jobId(i + "-" + run)).build());
    }
    List<String> ids = requests.stream().map(JobRequest::jobId).toList();
    List<CompletableFuture<JobReceipt>> receipts = new CopyOnWriteArrayList<>();
    AtomicInteger next = new AtomicInteger();
    scenario.publisher().verifyType(scenario.type());
    // a steady trickle of publishes, before, during and after the outage
    pacer.scheduleAtFixedRate(() -> {
      int from = next.getAndAdd(BATCH);
      if (from < JOBS) {
        receipts.addAll(scenario.publisher().publishAll(requests.subList(from, Math.min(JOBS, from + BATCH))));
      }
    }, 0, 250, TimeUnit.MILLISECONDS);

    List<JobpipeProcess> processes = List.of(
        scenario.startWorker("worker-1", scenario.handler(), WorkerOptions.defaults()),
        scenario.startWorker("worker-2", scenario.handler(), WorkerOptions.defaults()),
        scenario.startRouter("router-1", new RouterOptions("1s", 3)));

    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
        .until(() -> scenario.logs().countLines() >= JOBS / 5);
    long stoppedAt = System.currentTimeMillis();
    stack.stopBroker();
    // the broker stays down while publishes keep coming; no process may give up meanwhile
    await().during(BROKER_DOWN).atMost(BROKER_DOWN.plusSeconds(5)).pollInterval(Duration.ofMillis(500))
        .until(() -> processes.stream().allMatch(JobpipeProcess::isAlive));
    long startAt = System.currentTimeMillis();
    stack.startBroker();
    long upAt = System.currentTimeMillis();

    Reconciliation r = scenario.awaitAccounted(ids, Duration.ofMinutes(3), processes);
    List<Throwable> failedPublishes = new ArrayList<>();
    for (CompletableFuture<JobReceipt> f : receipts) {
      f.handle((ok, err) -> err == null ? null : failedPublishes.add(err)).join();
    }
    List<Execution> executions = scenario.logs().read();
    long firstAfter = executions.stream().mapToLong(Execution::atMillis).filter(t -> t >= upAt).min().orElse(-1);

    Figures.of("broker-restart").put("jobs", JOBS).put("failOnce", JOBS / 10)
        .putSeconds("brokerDown", (upAt - stoppedAt) / 1000.0).putSeconds("brokerStart", (upAt - startAt) / 1000.0)
        .put("firstJobAfterRestartMs", firstAfter < 0 ? -1 : firstAfter - upAt)
        .put("longestStallMs", Execution.longestGapMillis(executions))
        .put("duplicates", r.duplicates()).put("deadLettered", r.deadLettered().size())
        .put("failedPublishes", failedPublishes.size()).write();

    assertThat(receipts).as("publishes issued").hasSize(JOBS);
    assertThat(failedPublishes).as("publishes failed by a short outage").isEmpty();
    r.assertSound().assertOutcomesAsMarked(0, ids);
    assertThat(processes).as("processes that needed a manual restart").allMatch(JobpipeProcess::isAlive);
  }
}
