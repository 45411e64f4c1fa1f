package dev.jobpipe.ledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.consumer.RetryableJobException;
import dev.jobpipe.consumer.TerminalJobException;
import dev.jobpipe.ledger.JobLedger;
import dev.jobpipe.ledger.JobLedgerClient;
import dev.jobpipe.ledger.JobLedgerConfig;
import dev.jobpipe.ledger.JobPage;
import dev.jobpipe.ledger.JobQuery;
import dev.jobpipe.ledger.JobState;
import dev.jobpipe.ledger.JobView;
import dev.jobpipe.router.RetryPolicies;
import dev.jobpipe.router.RetryRouter;
import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.ledger.JobDone;
import dev.jobpipe.schemas.ledger.JobDoneCodec;
import dev.jobpipe.testkit.JobpipeStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ledger on the real broker: the whole state machine with a real worker and router, a
 * plain-client job, out-of-order events, a type created after the ledger started, 404 and 400,
 * retention, and two instances answering for each other.
 */
class LedgerIT {

  private static final Duration LONG = Duration.ofSeconds(90);
  private static JobpipeStack stack;
  private static Path stateDir;
  private static JobLedger ledger;
  private static JobLedgerClient client;
  private static KafkaProducer<byte[], byte[]> producer;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void startLedger() throws Exception {
    stack = JobpipeStack.shared();
    stateDir = Files.createTempDirectory("ledger-it");
    ledger = LedgerFixtures.ledger(LedgerFixtures.ledgerProps(stack, LedgerFixtures.unique("ledger-it"), stateDir.resolve("a")));
    client = new JobLedgerClient(ledger.url());
    producer = LedgerFixtures.producer(stack);
    await().atMost(LONG).until(() -> ledger.state() == KafkaStreams.State.RUNNING);
  }

  @AfterAll
  static void stopLedger() throws Exception {
    producer.close();
    client.close();
    ledger.close();
    assertThat(ledger.awaitTermination(Duration.ofSeconds(30))).isTrue();
  }

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }

  @org.junit.jupiter.api.AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private static JobView awaitState(JobLedgerClient c, String id, JobState state) {
    await().atMost(LONG).ignoreExceptions().until(() -> c.state(id).map(JobView::state).orElse(null) == state);
    return c.state(id).orElseThrow();
  }

  @Test
  void aRealWorkerAndRouterDriveEveryJobToItsTerminalState() throws Exception {
    String type = LedgerFixtures.unique("ledger.flow");
    JobTopics topics = JobTopics.of(type);
    stack.createTopic(topics.main(), 2);
    stack.createTopic(topics.failed(), 2);
    stack.createTopic(topics.done(), 2);
    Map<String, Object> routerProps = new HashMap<>(stack.clientProperties());
    routerProps.put(RouterConfig.APPLICATION_ID_CONFIG, LedgerFixtures.unique("ledger-router"));
    routerProps.put(RouterConfig.STATE_DIR_CONFIG, stateDir.resolve("router").toString());
    routerProps.put(RouterConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
    routerProps.put(RouterConfig.TOPIC_REFRESH_MS_CONFIG, 500L);
    RetryRouter router = closing(RetryRouter.builder(new RouterConfig(routerProps))
        .policies(RetryPolicies.parse(Map.of("policy.default.tiers", "1s"))).build());
    JobWorker worker = closing(JobWorker.builder(type, GenericRecord.class, job -> {
          switch (job.payload().get("mode").toString()) {
            case "bad" -> throw new TerminalJobException("no such account");
            case "flaky" -> {
              if (job.attempt() == 1) {
                throw new RetryableJobException("smtp busy");
              }
            }
            default -> job.result().set("sent to " + job.id());
          }
        })
        .config(stack.clientProperties())
        .schemaRegistryUrl(stack.registryUrl())
        .commitInterval(Duration.ofMillis(100))
        .build());
    router.start();
    worker.start();

    LedgerFixtures.publish(stack, producer, type, "ok-1", "ok");
    LedgerFixtures.publish(stack, producer, type, "flaky-1", "flaky");
    LedgerFixtures.publish(stack, producer, type, "bad-1", "bad");
    LedgerFixtures.publish(stack, producer, type, null, "plain");

    JobView ok = client.await("ok-1", Duration.ofSeconds(60)).orElseThrow();
    assertThat(ok.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(ok.result()).isEqualTo("sent to ok-1");
    assertThat(ok.type()).isEqualTo(type);
    assertThat(ok.key()).isEqualTo("ok-1");
    assertThat(ok.worker()).isNotBlank();
    assertThat(ok.finishedAt()).isAfterOrEqualTo(ok.enqueuedAt());

    JobView flaky = awaitState(client, "flaky-1", JobState.SUCCEEDED);
    assertThat(flaky.attempt()).isEqualTo(2);
    assertThat(flaky.errorClass()).isEqualTo(RetryableJobException.class.getName());
    assertThat(flaky.error()).isEqualTo("smtp busy");

    JobView bad = awaitState(client, "bad-1", JobState.DEAD);
    assertThat(bad.dlqReason()).isEqualTo("FATAL");
    assertThat(bad.dlqPosition()).startsWith(topics.dlq() + "-");
    assertThat(bad.error()).isEqualTo("no such account");

    // a plain-client job (no jobpipe headers) is known by its derived id
    JobPage plain = client.list(JobQuery.all().withType(type).withState(JobState.SUCCEEDED));
    assertThat(plain.jobs()).extracting(JobView::id).contains("ok-1", "flaky-1");
    await().atMost(LONG).until(() -> client.list(JobQuery.all().withType(type)).jobs().stream()
        .anyMatch(j -> j.id().startsWith(topics.main() + "-") && j.state() == JobState.SUCCEEDED));

    // listing: newest first, filters, paging
    assertThat(client.list(JobQuery.all().withType(type).withState(JobState.DEAD)).jobs())
        .extracting(JobView::id).containsExactly("bad-1");
    assertThat(client.list(JobQuery.all().withType(type).withError("SMTP")).jobs())
        .extracting(JobView::id).containsExactly("flaky-1");
    JobPage first = client.list(JobQuery.all().withType(type).withLimit(2));
    assertThat(first.jobs()).hasSize(2);
    assertThat(first.nextCursor()).isNotNull();
    JobPage second = client.list(JobQuery.all().withType(type).withLimit(2).withCursor(first.nextCursor()));
    assertThat(second.jobs()).hasSize(2).extracting(JobView::id).doesNotContainAnyElementsOf(
        first.jobs().stream().map(JobView::id).toList());
    List<Instant> order = new ArrayList<>();
    first.jobs().forEach(j -> order.add(j.enqueuedAt()));
    second.jobs().forEach(j -> order.add(j.enqueuedAt()));
    assertThat(order).isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void eventsReadOutOfOrderNeverMoveAJobBackwards() throws Exception {
    String type = LedgerFixtures.unique("ledger.order");
    JobTopics topics = JobTopics.of(type);
    // the success first, then its own enqueue, then a stale retry of an earlier attempt
    Headers doneHeaders = LedgerFixtures.jobHeaders(type, "late-1", 2);
    producer.send(new ProducerRecord<>(topics.done(), null, "late-1".getBytes(StandardCharsets.UTF_8),
        JobDoneCodec.encode(new JobDone(2, System.currentTimeMillis(), 3L, "w", null)), doneHeaders)).get();
    awaitState(client, "late-1", JobState.SUCCEEDED);
    producer.send(new ProducerRecord<>(topics.main(), null, "k".getBytes(StandardCharsets.UTF_8), new byte[] {0},
        LedgerFixtures.jobHeaders(type, "late-1", 2))).get();
    Headers retry = LedgerFixtures.jobHeaders(type, "late-1", 1);
    JobHeaders.set(retry, JobHeaders.NOT_BEFORE, System.currentTimeMillis() + 1_000);
    producer.send(new ProducerRecord<>(topics.retry(Duration.ofSeconds(1)), null, (byte[]) null, new byte[] {0}, retry)).get();
    await().atMost(LONG).until(() -> "k".equals(client.state("late-1").orElseThrow().key()));
    // a marker published after the stale events is folded after them (same partition of the ledger)
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
        .until(() -> client.state("late-1").orElseThrow().state() == JobState.SUCCEEDED);
    assertThat(client.state("late-1").orElseThrow().attempt()).isEqualTo(2);
  }

  @Test
  void aTypeCreatedAfterTheLedgerStartedIsFollowedWithoutARestart() throws Exception {
    String type = LedgerFixtures.unique("ledger.new");
    stack.createTopic(JobTopics.of(type).main(), 1);
    producer.send(new ProducerRecord<>(JobTopics.of(type).main(), null, (byte[]) null, new byte[] {0},
        LedgerFixtures.jobHeaders(type, "new-1", 1))).get();
    JobView view = awaitState(client, "new-1", JobState.ENQUEUED);
    assertThat(view.type()).isEqualTo(type);
  }

  @Test
  void unknownIdsAre404AndBadInputIs400WithAReason() throws Exception {
    assertThat(client.state("never-published")).isEmpty();
    HttpClient http = HttpClient.newHttpClient();
    assertThat(get(http, "/jobs/never-published")).startsWith("404 ").contains("not found");
    assertThat(get(http, "/jobs?limit=0")).startsWith("400 ").contains("limit");
    assertThat(get(http, "/jobs?limit=many")).startsWith("400 ").contains("limit");
    assertThat(get(http, "/jobs?state=LOST")).startsWith("400 ").contains("state");
    assertThat(get(http, "/jobs?type=Bad%20Type")).startsWith("400 ").contains("job type");
    assertThat(get(http, "/jobs?since=yesterday")).startsWith("400 ").contains("since");
    assertThat(get(http, "/jobs?cursor=garbage")).startsWith("400 ").contains("cursor");
    assertThat(get(http, "/jobs/x/wait?timeout=soon")).startsWith("400 ").contains("timeout");
    assertThat(get(http, "/jobs/x/wait?timeout=1h")).startsWith("400 ").contains("longest wait");
    assertThat(get(http, "/jobs/never-published/wait?timeout=300ms")).startsWith("404 ");
    assertThat(get(http, "/jobs/%20")).startsWith("400 ");
  }

  private static String get(HttpClient http, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ledger.url() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  @Test
  void retentionDeletesJobsSoonAfterTheirTerminalState() throws Exception {
    Map<String, Object> props = LedgerFixtures.ledgerProps(stack, LedgerFixtures.unique("ledger-retention"),
        stateDir.resolve("retention"));
    props.put(JobLedgerConfig.RETENTION_MS_CONFIG, 3_000L);
    props.put(JobLedgerConfig.RETENTION_CHECK_INTERVAL_MS_CONFIG, 200L);
    JobLedger shortLived = closing(LedgerFixtures.ledger(props));
    JobLedgerClient c = closing(new JobLedgerClient(shortLived.url()));
    await().atMost(LONG).until(() -> shortLived.state() == KafkaStreams.State.RUNNING);
    String type = LedgerFixtures.unique("ledger.retention");
    JobTopics topics = JobTopics.of(type);
    producer.send(new ProducerRecord<>(topics.main(), null, (byte[]) null, new byte[] {0},
        LedgerFixtures.jobHeaders(type, "pending-1", 1))).get();
    producer.send(new ProducerRecord<>(topics.done(), null, "done-1".getBytes(StandardCharsets.UTF_8),
        JobDoneCodec.encode(new JobDone(1, System.currentTimeMillis(), 3L, "w", null)),
        LedgerFixtures.jobHeaders(type, "done-1", 1))).get();
    awaitState(c, "done-1", JobState.SUCCEEDED);
    awaitState(c, "pending-1", JobState.ENQUEUED);
    await().atMost(LONG).until(() -> c.state("done-1").isEmpty());
    assertThat(c.state("pending-1")).as("a job that never finished is kept").isPresent();
    assertThat(c.list(JobQuery.all().withType(type)).jobs()).extracting(JobView::id).containsExactly("pending-1");
  }

  @Test
  void twoInstancesAnswerForEachOther() throws Exception {
    String app = LedgerFixtures.unique("ledger-pair");
    JobLedger one = closing(LedgerFixtures.ledger(LedgerFixtures.ledgerProps(stack, app, stateDir.resolve("one"))));
    JobLedger two = closing(LedgerFixtures.ledger(LedgerFixtures.ledgerProps(stack, app, stateDir.resolve("two"))));
    JobLedgerClient c1 = closing(new JobLedgerClient(one.url()));
    JobLedgerClient c2 = closing(new JobLedgerClient(two.url()));
    String type = LedgerFixtures.unique("ledger.pair");
    stack.createTopic(JobTopics.of(type).main(), 4);
    for (int i = 0; i < 40; i++) {
      producer.send(new ProducerRecord<>(JobTopics.of(type).main(), null, (byte[]) null, new byte[] {0},
          LedgerFixtures.jobHeaders(type, "pair-" + i, 1)));
    }
    producer.flush();
    await().atMost(LONG).until(() -> one.state() == KafkaStreams.State.RUNNING && two.state() == KafkaStreams.State.RUNNING);
    await().atMost(LONG).ignoreExceptions().until(() -> {
      for (int i = 0; i < 40; i++) {
        if (c1.state("pair-" + i).isEmpty() || c2.state("pair-" + i).isEmpty()) {
          return false;
        }
      }
      return true;
    });
    for (int i = 0; i < 40; i++) {
      Optional<JobView> a = c1.state("pair-" + i);
      assertThat(a).isEqualTo(c2.state("pair-" + i));
    }
    await().atMost(LONG).ignoreExceptions().until(() -> c1.list(JobQuery.all().withType(type)).jobs().size() == 40
        && c2.list(JobQuery.all().withType(type)).jobs().size() == 40);
    assertThat(c1.state("pair-none")).isEmpty();
    assertThat(c2.state("pair-none")).isEmpty();
  }
}
