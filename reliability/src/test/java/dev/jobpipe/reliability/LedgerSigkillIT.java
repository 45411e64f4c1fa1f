package dev.jobpipe.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.ledger.JobLedgerClient;
import dev.jobpipe.ledger.JobPage;
import dev.jobpipe.ledger.JobQuery;
import dev.jobpipe.ledger.JobState;
import dev.jobpipe.ledger.JobView;
import dev.jobpipe.reliability.harness.Behavior;
import dev.jobpipe.reliability.harness.Figures;
import dev.jobpipe.reliability.harness.JobpipeProcess;
import dev.jobpipe.reliability.harness.Reconciliation;
import dev.jobpipe.reliability.harness.RouterOptions;
import dev.jobpipe.reliability.harness.Scenario;
import dev.jobpipe.reliability.harness.WorkerOptions;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 15: the job ledger (a child JVM) is SIGKILLed while a real pipeline runs (publisher,
 * two workers, the router; the jobs of {@link RouterSigkillIT}: 30% fail once, 1% always, 1%
 * terminally) and restarted on its own state directory. Afterwards every job id must be in the state the test knows it must
 * reach (succeeded at attempt 1 or 2, dead as EXHAUSTED at the last attempt or FATAL at the first),
 * none unknown; no sampled job the ledger knew before the kill is further back after the restart;
 * and a second ledger that folds the same input topics from their start and is never killed agrees
 * with the killed one on every job.
 */
@ExtendWith(JobpipeStackExtension.class)
class LedgerSigkillIT {

  private static final int JOBS = Integer.getInteger("reliability.ledger.jobs", 10_000);
  private static final int MAX_ATTEMPTS = RouterSigkillIT.MAX_ATTEMPTS;
  /** Jobs whose state is read just before the kill and just after the restart. */
  private static final int SAMPLE = 300;
  private static final Duration SETTLE = Duration.ofMinutes(Boolean.getBoolean("reliability.soak") ? 20 : 4);

  private Scenario scenario;
  private final List<JobLedgerClient> clients = new ArrayList<>();

  @BeforeEach
  void setUp(JobpipeStack stack) {
    scenario = new Scenario(stack, "ledger-sigkill");
    scenario.applyTopics(6, "1s,2s");
  }

  @AfterEach
  void tearDown() {
    clients.forEach(JobLedgerClient::close);
    scenario.close();
  }

  private JobLedgerClient closing(JobLedgerClient client) {
    clients.add(client);
    return client;
  }

  /** What the ledger must end up saying about a job, from its behavior alone. */
  record Expected(JobState state, int attempt, String dlqReason) {
    static Expected of(String id) {
      return switch (Behavior.of(id, 0)) {
        case OK, HOLD -> new Expected(JobState.SUCCEEDED, 1, null);
        case FAIL_ONCE, HANG_ONCE, HOLD_FAIL_ONCE -> new Expected(JobState.SUCCEEDED, 2, null);
        case FAIL_ALWAYS -> new Expected(JobState.DEAD, MAX_ATTEMPTS, "EXHAUSTED");
        case TERMINAL -> new Expected(JobState.DEAD, 1, "FATAL");
      };
    }

    static Expected of(JobView view) {
      return new Expected(view.state(), view.attempt(), view.dlqReason());
    }
  }

  @Test
  void aKilledLedgerRestartsWhereItWasAndAgreesWithAFullReplay() throws Exception {
    long seed = Long.getLong("reliability.seed", System.nanoTime());
    double killAt = new Random(seed).nextDouble(0.2, 0.6);
    String applicationId = "jobpipe-ledger-" + scenario.type().replace('.', '-');
    JobpipeProcess ledger = scenario.startLedger("ledger", applicationId);
    // a second ledger that is never killed folds the same input topics from their start: what a
    // full replay gives (run alongside, so that the test does not wait for it at the end)
    JobpipeProcess replay = scenario.startLedger("ledger-replay", applicationId + "-replay");
    ledger.awaitReady(Duration.ofMinutes(2));
    replay.awaitReady(Duration.ofMinutes(2));
    JobLedgerClient client = closing(new JobLedgerClient(URI.create("http://127.0.0.1:" + ledger.metricsPort())));
    JobLedgerClient replayClient = closing(new JobLedgerClient(URI.create("http://127.0.0.1:" + replay.metricsPort())));

    long began = System.nanoTime();
    List<String> ids = scenario.publish(JOBS, RouterSigkillIT::behavior);
    Map<String, Expected> expected = new HashMap<>();
    ids.forEach(id -> expected.put(id, Expected.of(id)));
    JobpipeProcess worker1 = scenario.startWorker("worker-1", scenario.handler(), WorkerOptions.defaults());
    JobpipeProcess worker2 = scenario.startWorker("worker-2", scenario.handler(), WorkerOptions.defaults());
    JobpipeProcess router = scenario.startRouter("router-1", new RouterOptions("1s,2s", MAX_ATTEMPTS));

    // kill while the ledger is folding: once a share of the jobs has run, with the rest still to come
    long target = (long) (killAt * JOBS);
    await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).until(() -> scenario.logs().read().size() >= target);
    // a sample, not a listing of every job: the kill must come while the ledger is still folding
    List<String> sample = new ArrayList<>(ids);
    Collections.shuffle(sample, new Random(seed));
    sample = sample.subList(0, Math.min(SAMPLE, sample.size()));
    Map<String, JobView> beforeKill = states(client, sample);
    long terminalBeforeKill = beforeKill.values().stream().filter(JobView::terminal).count();
    long killedAt = System.nanoTime();
    int exit = ledger.kill();
    ledger.start().awaitReady(Duration.ofMinutes(2));
    long readyAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
    Map<String, JobView> afterRestart = states(client, sample);

    Reconciliation r = scenario.awaitAccounted(ids, SETTLE, List.of(worker1, worker2, router, ledger, replay));
    Map<String, JobView> settled = awaitLedgerAgrees(client, expected, List.of(ledger));
    long settledAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
    Map<String, JobView> replayed = awaitLedgerAgrees(replayClient, expected, List.of(replay));
    long totalMs = (System.nanoTime() - began) / 1_000_000;

    Figures.of("ledger-sigkill").put("jobs", JOBS).put("killAtShare", String.format("%.2f", killAt))
        .put("sampled", sample.size()).put("knownBeforeKill", beforeKill.size())
        .put("terminalBeforeKill", terminalBeforeKill)
        .put("killExit", exit).put("readyAfterKillMs", readyAfterMs).put("settledAfterKillMs", settledAfterMs)
        .put("totalMs", totalMs).put("deadLetters", r.deadLettersByReason())
        .put("load", loadAverage()).put("seed", seed).write();

    r.assertSound().assertOutcomesAsMarked(0, ids);
    assertThat(beforeKill).as("sampled jobs the ledger knew when it was killed").isNotEmpty();
    assertThat(terminalBeforeKill).as("sampled jobs not yet terminal in the ledger when it was killed")
        .isLessThan(sample.size());
    assertThat(backwards(beforeKill, afterRestart)).as("jobs further back after the restart than before the kill")
        .isEmpty();
    assertThat(backwards(afterRestart, settled)).as("jobs that moved back while the ledger caught up").isEmpty();
    assertThat(settled.keySet()).as("jobs of the type the ledger knows").isEqualTo(expected.keySet());
    for (String id : ids) {
      JobView killed = settled.get(id);
      JobView fresh = replayed.get(id);
      assertThat(List.of(killed.state(), killed.attempt(), Objects.toString(killed.dlqReason()), killed.type(),
              Objects.toString(killed.dlqPosition()), killed.enqueuedAt()))
          .as("job %s: the killed ledger vs a full replay", id)
          .isEqualTo(List.of(fresh.state(), fresh.attempt(), Objects.toString(fresh.dlqReason()), fresh.type(),
              Objects.toString(fresh.dlqPosition()), fresh.enqueuedAt()));
    }
  }

  /**
   * Waits until the ledger holds every expected job in its expected final state and returns what
   * it holds of the type; on timeout fails with the jobs that differ (a few, and how many).
   */
  private Map<String, JobView> awaitLedgerAgrees(JobLedgerClient client, Map<String, Expected> expected,
      List<JobpipeProcess> mustRun) {
    AtomicReference<Map<String, JobView>> last = new AtomicReference<>(Map.of());
    try {
      await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).ignoreExceptionsMatching(UncheckedIOException.class::isInstance)
          .until(() -> {
            for (JobpipeProcess p : mustRun) {
              if (!p.isAlive()) {
                throw new AssertionError(p.name() + " exited (code " + p.exitCode() + "):\n" + p.logTail(40));
              }
            }
            last.set(snapshot(client));
            return differences(expected, last.get()).isEmpty();
          });
    } catch (ConditionTimeoutException e) {
      List<String> diff = differences(expected, last.get());
      throw new AssertionError(diff.size() + " jobs not in their expected ledger state within " + SETTLE + ", e.g. "
          + diff.subList(0, Math.min(10, diff.size())) + scenario.fleet().diagnostics(30), e);
    }
    return last.get();
  }

  private static List<String> differences(Map<String, Expected> expected, Map<String, JobView> held) {
    List<String> diff = new ArrayList<>();
    expected.forEach((id, want) -> {
      JobView view = held.get(id);
      if (view == null) {
        diff.add(id + ": unknown, expected " + want);
      } else if (!Expected.of(view).equals(want)) {
        diff.add(id + ": " + Expected.of(view) + ", expected " + want);
      }
    });
    held.keySet().stream().filter(id -> !expected.containsKey(id)).forEach(id -> diff.add(id + ": never published"));
    return diff;
  }

  /** What the ledger says about each of {@code ids} it knows. */
  private static Map<String, JobView> states(JobLedgerClient client, List<String> ids) {
    Map<String, JobView> known = new HashMap<>();
    ids.forEach(id -> client.state(id).ifPresent(view -> known.put(id, view)));
    return known;
  }

  /** Every job of the scenario's type the ledger holds, by id (pages of the largest size). */
  private Map<String, JobView> snapshot(JobLedgerClient client) {
    Map<String, JobView> all = new HashMap<>();
    String cursor = null;
    do {
      JobQuery query = JobQuery.all().withType(scenario.type()).withLimit(JobQuery.MAX_LIMIT);
      JobPage page = client.list(cursor == null ? query : query.withCursor(cursor));
      page.jobs().forEach(j -> all.put(j.id(), j));
      cursor = page.nextCursor();
    } while (cursor != null);
    return all;
  }

  /** Ids whose view in {@code later} is behind their view in {@code earlier}, with both views. */
  static List<String> backwards(Map<String, JobView> earlier, Map<String, JobView> later) {
    List<String> back = new ArrayList<>();
    earlier.forEach((id, before) -> {
      JobView after = later.get(id);
      if (after == null || rank(after) < rank(before)) {
        back.add(id + ": " + Expected.of(before) + "/" + before.lastEvent() + " -> "
            + (after == null ? "unknown" : Expected.of(after) + "/" + after.lastEvent()));
      }
    });
    return back;
  }

  /** How far a job has come: terminal beats everything, then (attempt, step within the attempt). */
  static long rank(JobView view) {
    if (view.terminal()) {
      return Long.MAX_VALUE;
    }
    int step = switch (view.lastEvent()) {
      case "SCHEDULED" -> 0;
      case "ENQUEUED" -> 1;
      case "FAILED" -> 2;
      case "RETRY" -> 3;
      default -> throw new IllegalStateException("non-terminal job with last event " + view.lastEvent());
    };
    return view.attempt() * 10L + step;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "n/a";
    }
  }
}
