package dev.jobpipe.reliability;

import static org.awaitility.Awaitility.await;

import dev.jobpipe.reliability.harness.Behavior;
import dev.jobpipe.reliability.harness.Execution;
import dev.jobpipe.reliability.harness.Figures;
import dev.jobpipe.reliability.harness.HandlerSettings;
import dev.jobpipe.reliability.harness.JobpipeProcess;
import dev.jobpipe.reliability.harness.Reconciliation;
import dev.jobpipe.reliability.harness.Scenario;
import dev.jobpipe.reliability.harness.WorkerOptions;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 1: two workers, SIGKILLed at random moments of a run and restarted at once. Nothing may
 * be lost; the jobs run twice must be bounded by what a worker can have executed but not yet
 * committed when it dies.
 */
@ExtendWith(JobpipeStackExtension.class)
class WorkerSigkillIT {

  private static final int JOBS = Integer.getInteger("reliability.kill.jobs", 10_000);
  private static final int KILLS = Boolean.getBoolean("reliability.soak") ? 10 : 4;
  private static final int PARTITIONS = 6;

  private Scenario scenario;

  @BeforeEach
  void setUp(JobpipeStack stack) {
    scenario = new Scenario(stack, "worker-sigkill");
    scenario.applyTopics(PARTITIONS, "1s");
  }

  @AfterEach
  void tearDown() {
    scenario.close();
  }

  @Test
  void sigkilledWorkersLoseNothing() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<String> ids = scenario.publish(JOBS, i -> Behavior.OK);

    HandlerSettings handler = scenario.handler().withWork(Duration.ofMillis(2));
    WorkerOptions options = WorkerOptions.defaults();
    List<JobpipeProcess> workers = List.of(
        scenario.startWorker("worker-1", handler, options), scenario.startWorker("worker-2", handler, options));
    long started = System.currentTimeMillis();

    // kill at random points of progress, so every run kills at different moments of the work
    double[] points = random.doubles(KILLS, 0.05, 0.85).sorted().toArray();
    List<long[]> kills = new ArrayList<>(); // {killedAtMillis, newPid}
    for (double point : points) {
      long target = (long) (point * JOBS);
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
          .until(() -> scenario.logs().countLines() >= target);
      JobpipeProcess victim = workers.get(random.nextInt(workers.size()));
      long at = System.currentTimeMillis();
      victim.kill();
      victim.start();
      kills.add(new long[] {at, victim.pid()});
    }

    Reconciliation r = scenario.awaitAccounted(ids, Duration.ofMinutes(4), workers);
    long finished = System.currentTimeMillis();
    List<Execution> executions = scenario.logs().read();
    List<Long> recoveries = kills.stream().map(k -> firstExecutionAfter(executions, k[1], k[0])).toList();

    // per kill, the victim can have run at most what it finished since its last commit plus what it
    // held; a partition it held may be assigned to it alone, so count all partitions
    long perKill = options.uncommittedCapacity(PARTITIONS);
    long bound = KILLS * perKill;
    Figures.of("worker-sigkill").put("jobs", JOBS).put("workers", 2).put("kills", KILLS)
        .put("duplicates", r.duplicates()).put("duplicateBound", bound).put("lost", r.lost().size())
        .put("deadLettered", r.deadLettered().size())
        .put("recoveryMs", recoveries).put("longestStallMs", Execution.longestGapMillis(executions))
        .putSeconds("run", (finished - started) / 1000.0).put("seed", seed).write();

    r.assertSound().assertOutcomesAsMarked(0, ids)
        .assertDuplicatesAtMost(bound, KILLS + " kills x uncommitted capacity " + perKill);
  }

  /** Millis from {@code sinceMillis} to the first execution by {@code pid}; -1 if it never ran one. */
  static long firstExecutionAfter(List<Execution> executions, long pid, long sinceMillis) {
    return executions.stream().filter(e -> e.pid() == pid).mapToLong(Execution::atMillis).min()
        .stream().map(t -> t - sinceMillis).findFirst().orElse(-1);
  }
}
