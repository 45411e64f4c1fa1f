package dev.jobpipe.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.reliability.harness.Behavior;
import dev.jobpipe.reliability.harness.Execution;
import dev.jobpipe.reliability.harness.Figures;
import dev.jobpipe.reliability.harness.HandlerSettings;
import dev.jobpipe.reliability.harness.JobpipeProcess;
import dev.jobpipe.reliability.harness.Reconciliation;
import dev.jobpipe.reliability.harness.RouterOptions;
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
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 20: the worker commits, with each offset, which records above it are already done, and a
 * new owner of the partition skips them. A SIGKILL then repeats only what was in flight and what
 * finished since the last commit; a rebalance repeats only what the old owner was still running;
 * metadata nobody can read costs re-runs, never a job.
 */
@ExtendWith(JobpipeStackExtension.class)
class DoneMarksIT {

  private static final boolean SOAK = Boolean.getBoolean("reliability.soak");
  private static final int PARTITIONS = 6;
  private static final int CONCURRENCY = 16;
  /** Log line of a worker that skipped records on assignment (OffsetCommitter.restore). */
  private static final Pattern SKIPPED = Pattern.compile("(\\d+) records above the committed offsets of .* are already done");

  private Scenario scenario;

  @BeforeEach
  void setUp(JobpipeStack stack) {
    scenario = new Scenario(stack, "done-marks");
    scenario.applyTopics(PARTITIONS, "1s");
  }

  @AfterEach
  void tearDown() {
    scenario.close();
  }

  /**
   * The run: key-ordered jobs (200 keys) with a 20 ms handler at concurrency 16 and the
   * worker's own commit and in-flight defaults, SIGKILLed at random points and restarted at once.
   * Per kill, the re-runs must stay within what was in flight (at most the concurrency) plus what
   * the victim finished just before it died (measured over the last 250 ms, the target, and
   * asserted over the last 2 s so that a slow machine does not fail the run).
   */
  @Test
  void aSigkillRepeatsOnlyWhatWasInFlightOrJustFinished() {
    int jobs = Integer.getInteger("reliability.marks.jobs", SOAK ? 20_000 : 3_000);
    int kills = Integer.getInteger("reliability.marks.kills", SOAK ? 10 : 3);
    long seed = Long.getLong("reliability.seed", System.nanoTime());
    Random random = new Random(seed);
    List<String> ids = scenario.publishKeyed(jobs, i -> Behavior.OK, i -> "key-" + (i % 200));
    HandlerSettings handler = scenario.handler().withWork(Duration.ofMillis(20));
    WorkerOptions options = new WorkerOptions(CONCURRENCY, 1_000, null, 5_000);
    scenario.shortWorkerSessions(); // each restart waits for the killed member's session
    JobpipeProcess worker = scenario.startWorker("worker-1", handler, options);

    double[] points = random.doubles(kills, 0.1, 0.8).sorted().toArray();
    List<long[]> killed = new ArrayList<>(); // {killedAtMillis, pid}
    for (double point : points) {
      long target = (long) (point * jobs);
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
          .until(() -> scenario.logs().countLines() >= target);
      long pid = worker.pid();
      long at = System.currentTimeMillis();
      worker.kill();
      killed.add(new long[] {at, pid});
      worker.start();
    }
    Reconciliation r = scenario.awaitAccounted(ids, Duration.ofMinutes(4), List.of(worker));
    List<Execution> executions = scenario.logs().read();

    List<Long> finishedLast250 = new ArrayList<>();
    long bound250 = 0;
    long bound2s = 0;
    for (long[] k : killed) {
      long recent = finishedWithin(executions, k[1], k[0], 250);
      finishedLast250.add(recent);
      bound250 += CONCURRENCY + recent;
      bound2s += CONCURRENCY + finishedWithin(executions, k[1], k[0], 2_000);
    }
    long skipped = skippedOnAssignment(worker);
    Figures.of("done-marks-sigkill").put("jobs", jobs).put("kills", kills).put("concurrency", CONCURRENCY)
        .put("duplicates", r.duplicates()).put("boundInFlightPlus250ms", bound250)
        .put("finishedLast250ms", finishedLast250).put("skippedOnAssignment", skipped)
        .put("lost", r.lost().size()).put("seed", seed).write();

    r.assertSound().assertOutcomesAsMarked(0, ids)
        .assertDuplicatesAtMost(bound2s, kills + " kills x (concurrency + jobs finished in the last 2 s before each)");
  }

  /**
   * A second worker joins while the first holds a job hung past the revocation wait: the first
   * commits its done prefix (stuck at the hung job) with the records done above it, and the second
   * skips those instead of running them again. Only what the first was still running may repeat.
   */
  @Test
  void aNewOwnerAfterARebalanceSkipsWhatThePreviousOneFinished() {
    int jobs = 1_500;
    // in every partition the first job of one key hangs (past the job timeout, once): that key's
    // lane stops and the partition's prefix with it, while the other keys go on finishing
    Set<Integer> hung = firstKeyPerPartition(100);
    List<String> ids = scenario.publishKeyed(jobs, i -> hung.contains(i) ? Behavior.HANG_ONCE : Behavior.OK,
        i -> "key-" + (i % 100));
    HandlerSettings handler = scenario.handler().withWork(Duration.ofMillis(20)).withHang(Duration.ofSeconds(40));
    WorkerOptions options = new WorkerOptions(CONCURRENCY, 1_000, Duration.ofSeconds(20), 5_000)
        .with("revocation.await.timeout.ms", "500");
    JobpipeProcess router = scenario.startRouter("router-1", new RouterOptions("1s", 3));
    JobpipeProcess first = scenario.startWorker("worker-1", handler, options);
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
        .until(() -> scenario.logs().countLines() >= jobs / 2);
    JobpipeProcess second = scenario.startWorker("worker-2", handler, options);

    Reconciliation r = scenario.awaitAccounted(ids, Duration.ofMinutes(3), List.of(router, first, second));
    long skipped = skippedOnAssignment(second);
    // in flight at the revocation: at most the concurrency; a hung job the first worker times out
    // after giving its partition up is still handed over, so its retry may run twice too
    long bound = CONCURRENCY + hung.size();
    Figures.of("done-marks-rebalance").put("jobs", jobs).put("hung", hung.size()).put("duplicates", r.duplicates())
        .put("bound", bound).put("skippedBySecondWorker", skipped).put("lost", r.lost().size()).write();

    r.assertSound().assertOutcomesAsMarked(0, ids).assertDuplicatesAtMost(bound, "jobs in flight at the revocation");
    assertThat(skipped).as("records the second worker skipped because the first marked them done").isPositive();
  }

  /**
   * Commit metadata the worker cannot read (here: a newer version's) degrades to running
   * everything from the committed offset, with a warning, never to a lost job.
   */
  @Test
  void unreadableCommitMetadataCostsReRunsNeverAJob() throws Exception {
    int jobs = 600;
    List<String> ids = scenario.publish(jobs, i -> Behavior.OK);
    Map<TopicPartition, OffsetAndMetadata> corrupt = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      // version 2, bitmap, span 10: what a later release might write
      corrupt.put(new TopicPartition(scenario.topics().main(), p), new OffsetAndMetadata(0, "jpd:AgAKAA"));
    }
    try (Admin admin = Admin.create(scenario.stack().clientProperties())) {
      admin.alterConsumerGroupOffsets(WorkerOptions.group(scenario.type()), corrupt).all().get(30, TimeUnit.SECONDS);
    }
    JobpipeProcess worker = scenario.startWorker("worker-1", scenario.handler(), WorkerOptions.defaults());
    Reconciliation r = scenario.awaitAccounted(ids, Duration.ofMinutes(2), List.of(worker));
    long warnings = worker.log().lines().filter(l -> l.contains("is unreadable")).count();
    Figures.of("done-marks-corrupt").put("jobs", jobs).put("duplicates", r.duplicates())
        .put("warnings", warnings).put("lost", r.lost().size()).write();

    r.assertSound().assertOutcomesAsMarked(0, ids).assertDuplicatesAtMost(0, "nothing ran before");
    assertThat(warnings).as("warnings about the unreadable metadata").isEqualTo(PARTITIONS);
  }

  /** For each partition, the index {@code i < keys} of the first job of a key {@code key-i} that lands there. */
  private static Set<Integer> firstKeyPerPartition(int keys) {
    Map<Integer, Integer> first = new TreeMap<>();
    for (int i = 0; i < keys; i++) {
      int p = BuiltInPartitioner.partitionForKey(("key-" + i).getBytes(StandardCharsets.UTF_8), PARTITIONS);
      first.putIfAbsent(p, i);
    }
    return Set.copyOf(first.values());
  }

  /** Executions by {@code pid} written in the {@code windowMillis} before {@code atMillis}. */
  private static long finishedWithin(List<Execution> executions, long pid, long atMillis, long windowMillis) {
    return executions.stream()
        .filter(e -> e.pid() == pid && e.atMillis() <= atMillis && e.atMillis() > atMillis - windowMillis).count();
  }

  /** Records a worker skipped on assignment, from its log, over all its runs. */
  private static long skippedOnAssignment(JobpipeProcess worker) {
    long sum = 0;
    for (String line : worker.log().lines().toList()) {
      Matcher m = SKIPPED.matcher(line);
      if (m.find()) {
        sum += Long.parseLong(m.group(1));
      }
    }
    return sum;
  }
}
