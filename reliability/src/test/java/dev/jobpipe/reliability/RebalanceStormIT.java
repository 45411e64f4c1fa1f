package dev.jobpipe.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.producer.JobReceipt;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 6: workers join and leave every few seconds (started, SIGTERMed, now and then
 * SIGKILLed) while a run is under way. Nothing may be lost, and the group's committed offsets,
 * sampled all along with an Admin client, must never pass a job that had not been executed yet.
 *
 * <p>The offset check is sound because of the order of events: the handler writes its execution
 * line before it returns, the worker commits only after the handler returned, and the test reads
 * the execution logs after it read the committed offsets. So any job below a sampled committed
 * offset whose line is missing from a later read was committed before it ran.
 */
@ExtendWith(JobpipeStackExtension.class)
class RebalanceStormIT {

  private static final int JOBS = Boolean.getBoolean("reliability.soak") ? 20_000 : 4_000;
  private static final int PARTITIONS = 6;
  private static final int MAX_WORKERS = 3;

  private Scenario scenario;
  private ScheduledExecutorService scheduler;

  @BeforeEach
  void setUp(JobpipeStack stack) {
    scenario = new Scenario(stack, "rebalance-storm");
    scenario.applyTopics(PARTITIONS, "1s");
    scheduler = Executors.newScheduledThreadPool(2);
  }

  @AfterEach
  void tearDown() {
    scheduler.shutdownNow();
    scenario.close();
  }

  @Test
  void joinsAndLeavesLoseNothingAndCommitsNeverPassUnfinishedJobs() throws Exception {
    long seed = Long.getLong("reliability.seed", System.nanoTime());
    Random random = new Random(seed);
    List<JobReceipt> receipts = scenario.publishReceipts(JOBS, i -> Behavior.OK);
    List<String> ids = receipts.stream().map(JobReceipt::jobId).toList();
    Map<TopicPartition, List<JobReceipt>> byPartition = new HashMap<>();
    receipts.forEach(rc -> byPartition.computeIfAbsent(new TopicPartition(rc.topic(), rc.partition()),
        k -> new ArrayList<>()).add(rc));

    HandlerSettings handler = scenario.handler().withWork(Duration.ofMillis(20));
    WorkerOptions options = WorkerOptions.defaults().withConcurrency(2);
    List<JobpipeProcess> running = new CopyOnWriteArrayList<>();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger joins = new AtomicInteger();
    AtomicInteger terms = new AtomicInteger();
    AtomicInteger kills = new AtomicInteger();
    running.add(scenario.startWorker("worker-" + started.incrementAndGet(), handler, options));

    // the storm: 2-4 s after the last change settled, a worker joins (and the storm waits until it
    // is up, however slow the machine) or leaves (SIGTERM, or SIGKILL one time in four)
    List<String> stormErrors = new CopyOnWriteArrayList<>();
    scheduler.schedule(new Runnable() {
      @Override
      public void run() {
        try {
          boolean join = running.size() == 1 || (running.size() < MAX_WORKERS && random.nextBoolean());
          if (join) {
            JobpipeProcess joining = scenario.startWorker("worker-" + started.incrementAndGet(), handler, options);
            running.add(joining);
            joining.awaitReady(Duration.ofMinutes(3));
            joins.incrementAndGet();
          } else {
            JobpipeProcess leaving = running.remove(random.nextInt(running.size()));
            if (random.nextInt(4) == 0) {
              leaving.kill();
              kills.incrementAndGet();
            } else {
              leaving.terminate(Duration.ofSeconds(60));
              terms.incrementAndGet();
            }
          }
        } catch (RuntimeException e) {
          // shutdownNow() at the end interrupts a change in progress (a join waiting for its
          // worker to be ready): that is the test stopping, not a failed change
          if (!scheduler.isShutdown()) {
            stormErrors.add(e.toString());
          }
        }
        if (!scheduler.isShutdown()) {
          scheduler.schedule(this, 2000 + random.nextInt(2000), TimeUnit.MILLISECONDS);
        }
      }
    }, 2, TimeUnit.SECONDS);
    running.getFirst().awaitReady(Duration.ofMinutes(3));

    // the auditor: committed offsets, then the execution logs
    String group = WorkerOptions.group(scenario.type());
    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicInteger samples = new AtomicInteger();
    Admin admin = Admin.create(scenario.stack().clientProperties());
    try {
      scheduler.scheduleWithFixedDelay(() -> {
        try {
          Map<TopicPartition, OffsetAndMetadata> committed =
              admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
          Set<String> executed = new HashSet<>();
          for (Execution e : scenario.logs().read()) {
            executed.add(e.jobId());
          }
          committed.forEach((tp, om) -> {
            if (om == null) {
              return;
            }
            for (JobReceipt rc : byPartition.getOrDefault(tp, List.of())) {
              if (rc.offset() < om.offset() && !executed.contains(rc.jobId())) {
                violations.add(tp + " committed " + om.offset() + " past unexecuted job " + rc.jobId() + " at offset "
                    + rc.offset());
              }
            }
          });
          samples.incrementAndGet();
        } catch (ExecutionException | TimeoutException e) {
          // the group may not exist yet, or be mid-rebalance: a missed sample, not a violation
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, 0, 500, TimeUnit.MILLISECONDS);

      Reconciliation r = scenario.awaitAccounted(ids, Duration.ofMinutes(4));
      long stall = Execution.longestGapMillis(scenario.logs().read());
      scheduler.shutdownNow();
      scheduler.awaitTermination(30, TimeUnit.SECONDS);

      Figures.of("rebalance-storm").put("jobs", JOBS).put("workersStarted", started.get()).put("joins", joins.get())
          .put("sigterms", terms.get()).put("sigkills", kills.get()).put("offsetSamples", samples.get())
          .put("offsetViolations", violations.size()).put("duplicates", r.duplicates()).put("lost", r.lost().size())
          .put("longestStallMs", stall)
          .put("seed", seed).write();

      r.assertSound().assertOutcomesAsMarked(0, ids);
      assertThat(stormErrors).as("failed membership changes").isEmpty();
      assertThat(samples.get()).as("committed-offset samples taken").isPositive();
      assertThat(violations).as("committed offsets past unexecuted jobs").isEmpty();
      assertThat(joins.get() + terms.get() + kills.get()).as("membership changes during the run").isGreaterThan(2);
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
  }
}
