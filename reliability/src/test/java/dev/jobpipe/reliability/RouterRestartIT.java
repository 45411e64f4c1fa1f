package dev.jobpipe.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.producer.JobRequest;
import dev.jobpipe.reliability.harness.Behavior;
import dev.jobpipe.reliability.harness.Execution;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 11 (issue 18, finding 2): a router started <em>without</em> {@code --instance-id} is
 * SIGKILLed and restarted at once while retries keep coming due. The restarted router must take the
 * dead one's place at once (its host-derived instance id is the same), not after the consumer
 * groups' session timeout (45 s) expires the dead member: before the fix every due retry waited
 * that long. Nothing may be lost and every fail-once job must succeed on its retry.
 */
@ExtendWith(JobpipeStackExtension.class)
class RouterRestartIT {

  private static final boolean SOAK = Boolean.getBoolean("reliability.soak");
  private static final int JOBS = SOAK ? 12_000 : 3_000;
  private static final int KILLS = SOAK ? 5 : 2;
  private static final int BATCH = 50;
  /** Kafka's default session timeout, which a dead dynamic member's partitions wait for. */
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(45);

  private Scenario scenario;
  private ScheduledExecutorService pacer;

  @BeforeEach
  void setUp(JobpipeStack stack) {
    scenario = new Scenario(stack, "router-restart");
    scenario.applyTopics(6, "1s");
    pacer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void tearDown() {
    pacer.shutdownNow();
    scenario.close();
  }

  @Test
  void aRestartedRouterWithoutInstanceIdForwardsDueRetriesAtOnce() {
    List<JobRequest> requests = new ArrayList<>(JOBS);
    String run = Long.toString(System.nanoTime(), 36);
    for (int i = 0; i < JOBS; i++) {
      Behavior b = i % 5 < 2 ? Behavior.FAIL_ONCE : Behavior.OK;
      requests.add(JobRequest.builder(scenario.type(), Scenario.payload(i)).jobId(b.jobId(i + "-" + run)).build());
    }
    List<String> ids = requests.stream().map(JobRequest::jobId).toList();
    JobpipeProcess worker = scenario.startWorker("worker-1", scenario.handler(), WorkerOptions.defaults());
    JobpipeProcess router = scenario.startRouter("router-1", new RouterOptions("1s", 2).withoutInstanceId());
    router.awaitReady(Duration.ofMinutes(1));
    scenario.publisher().verifyType(scenario.type());
    // a steady trickle, so that retries come due all through the run
    AtomicInteger next = new AtomicInteger();
    pacer.scheduleAtFixedRate(() -> {
      int from = next.getAndAdd(BATCH);
      if (from < JOBS) {
        scenario.publisher().publishAll(requests.subList(from, Math.min(JOBS, from + BATCH))).forEach(f -> f.join());
      }
    }, 0, 250, TimeUnit.MILLISECONDS);

    List<Long> recoveries = new ArrayList<>();
    for (int k = 1; k <= KILLS; k++) {
      int target = JOBS * k / (KILLS + 1);
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> next.get() >= target);
      long killedAt = System.currentTimeMillis();
      router.kill();
      router.start();
      await().atMost(SESSION_TIMEOUT.plusSeconds(30)).pollInterval(Duration.ofMillis(500))
          .until(() -> firstForwardAfter(killedAt) > 0);
      recoveries.add(firstForwardAfter(killedAt) - killedAt);
    }

    Reconciliation r = scenario.awaitAccounted(ids, Duration.ofMinutes(3), List.of(worker, router));
    List<Execution> executions = scenario.logs().read();
    Figures.of("router-restart").put("jobs", JOBS).put("failOnce", ids.stream()
            .filter(id -> Behavior.of(id, 0) == Behavior.FAIL_ONCE).count())
        .put("routerKills", KILLS).put("instanceId", "default (host)")
        .put("firstForwardAfterKillMs", recoveries).put("duplicates", r.duplicates())
        .put("longestStallMs", Execution.longestGapMillis(executions)).write();

    r.assertSound().assertOutcomesAsMarked(0, ids);
    assertThat(recoveries).as("kill and restart -> first due retry forwarded (ms); a dead member's session lasts %s", SESSION_TIMEOUT)
        .allMatch(ms -> ms < SESSION_TIMEOUT.toMillis() * 2 / 3);
  }

  /** Time of the first retry forwarded to jobs.T after {@code at} (by a router started after it), or -1. */
  private long firstForwardAfter(long at) {
    return scenario.reader().readAll(scenario.topics().main()).stream()
        .filter(rec -> rec.timestamp() > at && JobHeaders.attempt(rec.headers()) >= 2)
        .mapToLong(ConsumerRecord::timestamp).min().orElse(-1);
  }
}
