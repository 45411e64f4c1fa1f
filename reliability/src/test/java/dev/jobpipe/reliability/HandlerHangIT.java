package dev.jobpipe.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.reliability.harness.Behavior;
import dev.jobpipe.reliability.harness.Behavior.Outcome;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 7: some handlers hang far past the worker's job timeout. More jobs hang than the worker
 * has concurrency, so a worker that did not enforce the timeout (or did not free the slot of a
 * timed-out job) would stall for good; the hanging jobs must instead fail as timed out, be retried
 * by the router, and succeed on attempt 2, while the other jobs keep flowing.
 */
@ExtendWith(JobpipeStackExtension.class)
class HandlerHangIT {

  private static final int JOBS = 600;
  private static final int CONCURRENCY = 4;
  /** More hangs than concurrency slots: without timeouts the worker cannot finish. */
  private static final int HANGS = 3 * CONCURRENCY;
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private Scenario scenario;

  @BeforeEach
  void setUp(JobpipeStack stack) {
    scenario = new Scenario(stack, "handler-hang");
    scenario.applyTopics(3, "1s");
  }

  @AfterEach
  void tearDown() {
    scenario.close();
  }

  @Test
  void hangingJobsTimeOutRetryAndTheWorkerGoesOn() {
    int every = JOBS / HANGS;
    List<String> ids = scenario.publish(JOBS, i -> i % every == 0 ? Behavior.HANG_ONCE : Behavior.OK);
    long started = System.currentTimeMillis();
    List<JobpipeProcess> processes = List.of(
        scenario.startWorker("worker-1", scenario.handler().withHang(Duration.ofMinutes(10)),
            WorkerOptions.defaults().withConcurrency(CONCURRENCY).withJobTimeout(TIMEOUT)),
        scenario.startRouter("router-1", new RouterOptions("1s", 3)));

    Reconciliation r = scenario.awaitAccounted(ids, Duration.ofMinutes(2), processes);
    long finished = System.currentTimeMillis();
    List<Execution> executions = scenario.logs().read();
    List<String> hung = ids.stream().filter(id -> Behavior.of(id, 0) == Behavior.HANG_ONCE).toList();

    Figures.of("handler-hang").put("jobs", JOBS).put("hangs", hung.size()).put("concurrency", CONCURRENCY)
        .put("timeoutMs", TIMEOUT.toMillis()).put("duplicates", r.duplicates())
        .put("deadLettered", r.deadLettered().size()).putSeconds("run", (finished - started) / 1000.0).write();

    r.assertSound().assertOutcomesAsMarked(0, ids);
    assertThat(r.deadLettered()).as("dead-lettered jobs").isEmpty();
    for (String id : hung) {
      assertThat(executions).as("executions of %s", id)
          .anyMatch(e -> e.jobId().equals(id) && e.attempt() == 1 && e.outcome() == Outcome.HANG)
          .anyMatch(e -> e.jobId().equals(id) && e.attempt() >= 2 && e.outcome() == Outcome.OK);
    }
  }
}
