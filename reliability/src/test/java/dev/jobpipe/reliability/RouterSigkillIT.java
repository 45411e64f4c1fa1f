package dev.jobpipe.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.reliability.harness.Behavior;
import dev.jobpipe.reliability.harness.DeadLetter;
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
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 4: the router is SIGKILLed (and restarted) in the middle of a retry storm: 30% of the
 * jobs fail once, 1% always, 1% terminally, on short tiers (1s, 2s). Every retry must still happen
 * (fail-once jobs all succeed), and every dead letter must exist exactly once: the router's
 * routing and tier forwarding are transactional, so a kill may abort work but never lose or double
 * it.
 */
@ExtendWith(JobpipeStackExtension.class)
class RouterSigkillIT {

  private static final int JOBS = Boolean.getBoolean("reliability.soak") ? 20_000 : 3_000;
  private static final int KILLS = 2;
  static final int MAX_ATTEMPTS = 3;

  private Scenario scenario;

  @BeforeEach
  void setUp(JobpipeStack stack) {
    scenario = new Scenario(stack, "router-sigkill");
    scenario.applyTopics(6, "1s,2s");
  }

  @AfterEach
  void tearDown() {
    scenario.close();
  }

  static Behavior behavior(int i) {
    if (i % 100 == 50) {
      return Behavior.FAIL_ALWAYS;
    }
    if (i % 100 == 51) {
      return Behavior.TERMINAL;
    }
    return i % 10 < 3 ? Behavior.FAIL_ONCE : Behavior.OK;
  }

  @Test
  void aKilledRouterLosesNoRetryAndDoublesNoDeadLetter() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<String> ids = scenario.publish(JOBS, RouterSigkillIT::behavior);
    long retriesExpected = ids.stream().mapToLong(id -> switch (Behavior.of(id, 0)) {
      case FAIL_ONCE -> 1;
      case FAIL_ALWAYS -> MAX_ATTEMPTS - 1;
      default -> 0;
    }).sum();

    JobpipeProcess worker1 = scenario.startWorker("worker-1", scenario.handler(), WorkerOptions.defaults());
    JobpipeProcess worker2 = scenario.startWorker("worker-2", scenario.handler(), WorkerOptions.defaults());
    JobpipeProcess router = scenario.startRouter("router-1", new RouterOptions("1s,2s", MAX_ATTEMPTS));

    // kill while retries are flowing: at random shares of the expected retry executions
    double[] points = random.doubles(KILLS, 0.05, 0.6).sorted().toArray();
    List<long[]> kills = new ArrayList<>();
    for (double point : points) {
      long target = Math.max(1, (long) (point * retriesExpected));
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
          .until(() -> retriesRun() >= target);
      long at = System.currentTimeMillis();
      router.kill();
      router.start();
      kills.add(new long[] {at});
    }

    Reconciliation r = scenario.awaitAccounted(ids, Duration.ofMinutes(3), List.of(worker1, worker2, router));
    List<Execution> executions = scenario.logs().read();
    List<Long> recoveries = kills.stream().map(k -> executions.stream()
        .filter(e -> e.attempt() >= 2 && e.atMillis() > k[0]).mapToLong(Execution::atMillis).min()
        .orElse(k[0] - 1) - k[0]).toList();
    Map<String, Long> byReason = r.deadLettersByReason();

    Figures.of("router-sigkill").put("jobs", JOBS).put("retriesExpected", retriesExpected)
        .put("retriesRun", executions.stream().filter(e -> e.attempt() >= 2).count()).put("routerKills", KILLS)
        .put("deadLetters", byReason).put("doubledDeadLetters", r.doubledDeadLetters().size())
        .put("duplicates", r.duplicates()).put("firstRetryAfterKillMs", recoveries)
        .put("longestStallMs", Execution.longestGapMillis(executions)).put("seed", seed).write();

    r.assertSound().assertOutcomesAsMarked(0, ids);
    assertThat(r.maxAttempt()).as("highest attempt run").isEqualTo(MAX_ATTEMPTS);
    assertThat(r.unknownDeadLetters()).as("dead letters of unknown jobs").isEmpty();
    for (List<DeadLetter> letters : r.deadLettered().values()) {
      DeadLetter l = letters.getFirst();
      if (Behavior.of(l.jobId(), 0) == Behavior.FAIL_ALWAYS) {
        assertThat(l.attempt()).as("attempt of exhausted %s", l.jobId()).isEqualTo(MAX_ATTEMPTS);
      }
    }
  }

  private long retriesRun() {
    return scenario.logs().read().stream().filter(e -> e.attempt() >= 2).count();
  }
}
