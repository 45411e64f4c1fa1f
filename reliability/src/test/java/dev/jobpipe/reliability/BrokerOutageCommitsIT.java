package dev.jobpipe.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18, finding 1: after an outage of broker and registry in the middle of a run (longer than
 * the group's session timeout, so the workers lose their partitions and commits and handoffs fail
 * meanwhile), every job is accounted for, and once the work is done the workers' committed offset
 * reaches the log end of every partition, including the transaction markers the router's
 * forwards leave at the tail, so lag reads zero while the workers sit idle.
 */
@ExtendWith(JobpipeStackExtension.class)
class BrokerOutageCommitsIT {

  private static final boolean SOAK = Boolean.getBoolean("reliability.soak");
  private static final int JOBS = SOAK ? 6_000 : 2_000;
  private static final Duration DOWN = Duration.ofSeconds(SOAK ? 30 : 15);
  /** How long idle workers get to commit the log end once every job is accounted for. */
  private static final Duration SETTLE = Duration.ofSeconds(30);

  private Scenario scenario;
  private JobpipeStack stack;

  @BeforeEach
  void setUp(JobpipeStack stack) {
    Assumptions.assumeTrue(stack.embedded(), "the broker can only be restarted on the embedded stack");
    this.stack = stack;
    scenario = new Scenario(stack, "broker-outage-commits");
    scenario.applyTopics(6, "1s");
  }

  @AfterEach
  void tearDown() {
    if (scenario != null) {
      if (!stack.brokerRunning()) {
        stack.startBroker();
      }
      if (stack.registryCut()) {
        stack.restoreRegistry();
      }
      scenario.close();
    }
  }

  @Test
  void committedOffsetsReachTheLogEndAfterAnOutage() {
    // 1 job in 10 fails once: its handoff to jobs.T.failed and the forward of its retry (a
    // transaction, whose marker ends up at a partition's tail) cross the outage
    List<String> ids = scenario.publish(JOBS, i -> i % 10 == 3 ? Behavior.FAIL_ONCE : Behavior.OK);
    // the workers hold most of the backlog when the broker goes (the worker's default bound), so
    // handlers go on finishing, handing failures over and committing into the outage
    WorkerOptions options = WorkerOptions.defaults().withConcurrency(4).withMaxInflightPerPartition(1_000);
    var handler = scenario.handler().withWork(Duration.ofMillis(50));
    List<JobpipeProcess> processes = List.of(
        scenario.startWorker("worker-1", handler, options),
        scenario.startWorker("worker-2", handler, options),
        scenario.startRouter("router-1", new RouterOptions("1s", 3)));

    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
        .until(() -> scenario.logs().countLines() >= JOBS / 5);
    stack.stopBroker();
    stack.cutRegistry();
    long downAt = System.currentTimeMillis();
    await().during(DOWN).atMost(DOWN.plusSeconds(5)).pollInterval(Duration.ofMillis(500))
        .until(() -> processes.stream().allMatch(JobpipeProcess::isAlive));
    stack.startBroker();
    stack.restoreRegistry();
    long upAt = System.currentTimeMillis();

    Reconciliation r = scenario.awaitAccounted(ids, Duration.ofMinutes(4), processes);
    long accountedAt = System.currentTimeMillis();
    AtomicReference<Map<Integer, Long>> behind = new AtomicReference<>();
    boolean reachedEnd;
    try {
      await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
        behind.set(scenario.committedBehindEnd());
        return behind.get().values().stream().allMatch(b -> b == 0);
      });
      reachedEnd = true;
    } catch (ConditionTimeoutException e) {
      reachedEnd = false;
    }
    long settledMs = System.currentTimeMillis() - accountedAt;
    List<Execution> executions = scenario.logs().read();

    Figures.of("broker-outage-commits").put("jobs", JOBS).put("failOnce", JOBS / 10)
        .putSeconds("outage", (upAt - downAt) / 1000.0)
        .put("duplicates", r.duplicates()).put("lost", r.lost().size())
        .put("committedBehindEnd", behind.get()).put("reachedEndMs", reachedEnd ? settledMs : -1)
        .put("longestStallMs", Execution.longestGapMillis(executions)).write();

    r.assertSound().assertOutcomesAsMarked(0, ids);
    assertThat(processes).as("processes that needed a manual restart").allMatch(JobpipeProcess::isAlive);
    assertThat(behind.get()).as("records behind the log end per partition, %s after the last job was accounted for",
        SETTLE).allSatisfy((partition, count) -> assertThat(count).isZero());
  }
}
