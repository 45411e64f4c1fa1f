package dev.jobpipe.console.web.it;

import static dev.jobpipe.console.web.it.ConsoleFixtures.OPERATOR;
import static dev.jobpipe.console.web.it.ConsoleFixtures.PASSWORD;
import static dev.jobpipe.console.web.it.ConsoleFixtures.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobpipe.console.web.WebConsole;
import dev.jobpipe.scheduler.CronSchedule;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's API on the real broker and registry: who may call what (401 without credentials,
 * 403 for a viewer on every action and for a missing or wrong CSRF token, bearer tokens), dead
 * letters listed, shown (masked for viewers), replayed idempotently and purged through the API, and
 * an absent ledger reported rather than failing the console.
 */
class ConsoleApiIT {

  private static JobpipeStack stack;
  private static WebConsole console;
  private static KafkaProducer<byte[], byte[]> producer;
  private static String type;

  @BeforeAll
  static void start() throws Exception {
    stack = JobpipeStack.shared();
    type = ConsoleFixtures.unique("console.api");
    JobTopics topics = JobTopics.of(type);
    stack.createTopic(topics.main(), 1);
    stack.createTopic(topics.dlq(), 1);
    producer = ConsoleFixtures.producer(stack);
    ConsoleFixtures.deadLetter(stack, producer, type, "job-a", 10, "dev.example.SmtpException", "mailbox full");
    ConsoleFixtures.deadLetter(stack, producer, type, "job-b", 11, "dev.example.QuotaException", "quota exceeded");
    ConsoleFixtures.deadLetter(stack, producer, type, "job-c", 12, "dev.example.SmtpException", "no such host");
    // no ledger runs on this port: the jobs API must say so and the rest work
    console = ConsoleFixtures.console(stack, "http://127.0.0.1:9", type + ":email");
  }

  @AfterAll
  static void stop() throws Exception {
    if (console != null) {
      console.close();
      assertThat(console.awaitTermination(Duration.ofSeconds(30))).isTrue();
    }
    if (producer != null) {
      producer.close();
    }
  }

  private static ConsoleFixtures.Client client() {
    return new ConsoleFixtures.Client(console.url());
  }

  private static ConsoleFixtures.Client loggedIn(String user) throws Exception {
    ConsoleFixtures.Client c = client();
    assertThat(c.login(user, PASSWORD).status()).isEqualTo(200);
    return c;
  }

  /** Every state-changing endpoint, with a body that would be valid for an operator (dry runs where there are). */
  private static List<Map.Entry<String, Map<String, Object>>> actions() {
    String t = "/api/types/" + type;
    return List.of(
        Map.entry(t + "/dead-letters/replay", Map.of("all", true, "dryRun", true)),
        Map.entry(t + "/dead-letters/purge", Map.of("before", "all", "dryRun", true)),
        Map.entry(t + "/pause", Map.of("reason", "test")),
        Map.entry(t + "/resume", Map.of()),
        Map.entry(t + "/rate", Map.of("perSecond", 5)),
        Map.entry(t + "/cancel", Map.of("jobId", "job-a")),
        Map.entry("/api/cron/nightly/pause", Map.of()),
        Map.entry("/api/cron/nightly/resume", Map.of()),
        Map.entry("/api/cron/nightly/trigger", Map.of()));
  }

  private static List<String> reads() {
    String t = "/api/types/" + type;
    return List.of("/api/session", "/api/overview", t, t + "/dead-letters", t + "/dead-letters/stats",
        t + "/dead-letters/0/0", "/api/jobs/job-a", "/api/jobs", "/api/schedules");
  }

  @Test
  void withoutCredentialsEveryCallIs401() throws Exception {
    ConsoleFixtures.Client anonymous = client();
    for (String path : reads()) {
      assertThat(anonymous.get(path).status()).as("GET " + path).isEqualTo(401);
    }
    for (var action : actions()) {
      ConsoleFixtures.Answer a = anonymous.post(action.getKey(), action.getValue());
      assertThat(a.status()).as("POST " + action.getKey()).isEqualTo(401);
      assertThat(a.error()).isEqualTo("login required");
    }
    assertThat(client().bearer("not-a-token").get("/api/overview").status()).isEqualTo(401);
    assertThat(client().login(OPERATOR, "wrong").status()).isEqualTo(401);
    assertThat(client().login("nobody", PASSWORD).status()).isEqualTo(401);
  }

  @Test
  void aViewerReadsEverythingAndGets403OnEveryAction() throws Exception {
    ConsoleFixtures.Client viewer = loggedIn(VIEWER);
    assertThat(viewer.get("/api/session").body().path("role").asText()).isEqualTo("viewer");
    assertThat(viewer.get("/api/types/" + type + "/dead-letters").status()).isEqualTo(200);
    for (var action : actions()) {
      ConsoleFixtures.Answer a = viewer.post(action.getKey(), action.getValue());
      assertThat(a.status()).as("POST " + action.getKey()).isEqualTo(403);
      assertThat(a.error()).contains("only an operator");
    }
    ConsoleFixtures.Client viewerToken = client().bearer(ConsoleFixtures.VIEWER_TOKEN);
    assertThat(viewerToken.get("/api/overview").status()).isEqualTo(200);
    for (var action : actions()) {
      assertThat(viewerToken.post(action.getKey(), action.getValue()).status()).as("token POST " + action.getKey())
          .isEqualTo(403);
    }
    // and the viewer sees the payload with the masked field hidden
    JsonNode letter = viewer.get("/api/types/" + type + "/dead-letters/0/0").body();
    assertThat(letter.path("payload").path("masked").asBoolean()).isTrue();
    assertThat(letter.path("payload").path("json").asText()).contains("\"email\" : \"***\"").doesNotContain("@example.com");
  }

  @Test
  void anOperatorWithoutTheCsrfTokenGets403OnEveryAction() throws Exception {
    ConsoleFixtures.Client operator = loggedIn(OPERATOR);
    for (var action : actions()) {
      ConsoleFixtures.Answer missing = operator.postWithoutCsrf(action.getKey(), action.getValue());
      assertThat(missing.status()).as("POST " + action.getKey()).isEqualTo(403);
      assertThat(missing.error()).contains("CSRF");
      assertThat(operator.postWithCsrf(action.getKey(), action.getValue(), "forged").status())
          .as("forged token on " + action.getKey()).isEqualTo(403);
    }
    // another session's token is no good either
    ConsoleFixtures.Client other = loggedIn(OPERATOR);
    assertThat(operator.postWithCsrf(actions().get(0).getKey(), actions().get(0).getValue(), other.csrf()).status())
        .isEqualTo(403);
    // the login itself only takes JSON (a cross-site form cannot send it)
    HttpResponse<String> form = HttpClient.newHttpClient().send(HttpRequest.newBuilder(console.url().resolve("/api/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("user=" + OPERATOR + "&password=x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(415);
  }

  @Test
  void deadLettersAreListedShownReplayedOnceAndPurgedThroughTheApi() throws Exception {
    ConsoleFixtures.Client operator = loggedIn(OPERATOR);
    String base = "/api/types/" + type + "/dead-letters";
    JsonNode list = operator.get(base).body().path("letters");
    assertThat(list).hasSize(3);
    assertThat(list.get(0).path("jobId").asText()).isEqualTo("job-c");
    assertThat(operator.get(base + "?errorClass=SmtpException").body().path("letters")).hasSize(2);
    assertThat(operator.get(base + "?text=QUOTA").body().path("letters")).hasSize(1);
    assertThat(operator.get(base + "?reason=bogus").status()).isEqualTo(400);
    assertThat(operator.get(base + "?since=yesterday").status()).isEqualTo(400);

    JsonNode detail = operator.get(base + "/0/0").body();
    assertThat(detail.path("jobId").asText()).isEqualTo("job-a");
    assertThat(detail.path("payload").path("json").asText()).contains("job-a@example.com");
    assertThat(detail.path("stack").asText()).contains("Handler.java:42");
    assertThat(detail.path("history")).hasSizeGreaterThanOrEqualTo(3);
    assertThat(operator.get(base + "/0/99").status()).isEqualTo(404);
    assertThat(operator.get(base + "/stats").body().path("byErrorClass").path("dev.example.SmtpException").asLong()).isEqualTo(2);

    ConsoleFixtures.Answer dry = operator.post(base + "/replay", Map.of("jobIds", List.of("job-a"), "dryRun", true));
    assertThat(dry.status()).isEqualTo(200);
    assertThat(dry.body().path("replayed").asInt()).isEqualTo(1);
    assertThat(mainRecords(type)).as("a dry run sends nothing").isEmpty();

    ConsoleFixtures.Answer real = operator.post(base + "/replay", Map.of("jobIds", List.of("job-a"), "dryRun", false));
    assertThat(real.body().path("replayed").asInt()).isEqualTo(1);
    List<ConsumerRecord<byte[], byte[]>> replayed = mainRecords(type);
    assertThat(replayed).hasSize(1);
    assertThat(new String(replayed.get(0).headers().lastHeader(JobHeaders.JOB_ID).value(), StandardCharsets.UTF_8)).isEqualTo("job-a");
    assertThat(replayed.get(0).headers().lastHeader(JobHeaders.REPLAY_OF)).isNotNull();

    ConsoleFixtures.Answer again = operator.post(base + "/replay", Map.of("jobIds", List.of("job-a"), "dryRun", false));
    assertThat(again.body().path("replayed").asInt()).as("idempotent").isZero();
    assertThat(again.body().path("alreadyReplayed").asInt()).isEqualTo(1);

    ConsoleFixtures.Answer byText = operator.post(base + "/replay", Map.of("filter", Map.of("text", "quota"), "dryRun", true));
    assertThat(byText.body().path("replayed").asInt()).isEqualTo(1);
    assertThat(operator.post(base + "/replay", Map.of("filter", Map.of("text", "nothing matches this"), "dryRun", true))
        .body().path("replayed").asInt()).isZero();
    assertThat(operator.post(base + "/replay", Map.of("dryRun", true)).status()).as("no selection").isEqualTo(400);
    assertThat(operator.post(base + "/replay", Map.of("jobIds", List.of("job-zzz"), "dryRun", true)).status()).isEqualTo(400);

    // a bearer token needs no CSRF token: no browser sends it on its own
    ConsoleFixtures.Client bot = client().bearer(ConsoleFixtures.OPERATOR_TOKEN);
    assertThat(bot.postWithoutCsrf(base + "/replay", Map.of("all", true, "dryRun", true)).body().path("replayed").asInt())
        .isEqualTo(2);

    ConsoleFixtures.Answer plan = operator.post(base + "/purge", Map.of("before", "all", "dryRun", true));
    assertThat(plan.body().path("count").asLong()).isEqualTo(3);
    assertThat(operator.post(base + "/purge", Map.of("before", "someday", "dryRun", true)).status()).isEqualTo(400);
    ConsoleFixtures.Answer purged = operator.post(base + "/purge", Map.of("before", "all", "dryRun", false));
    assertThat(purged.body().path("deleted").asLong()).isEqualTo(3);
    assertThat(operator.get(base).body().path("letters")).isEmpty();
  }

  @Test
  void theOverviewShowsTheTypeAndMissingPiecesAreReportedNotFatal() throws Exception {
    ConsoleFixtures.Client operator = loggedIn(OPERATOR);
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      JsonNode o = operator.get("/api/overview").body();
      for (JsonNode t : o.path("types")) {
        if (t.path("type").asText().equals(type)) {
          return true;
        }
      }
      return false;
    });
    JsonNode one = operator.get("/api/types/" + type).body();
    assertThat(one.path("partitions").asInt()).isEqualTo(1);
    assertThat(one.path("history").path("t").isArray()).isTrue();
    assertThat(operator.get("/api/types/no.such.type").status()).isEqualTo(404);
    assertThat(operator.get("/api/types/Bad%20Type").status()).isEqualTo(400);

    ConsoleFixtures.Answer job = operator.get("/api/jobs/job-a");
    assertThat(job.status()).isEqualTo(503);
    assertThat(job.error()).contains("job ledger").contains("127.0.0.1:9");
    JsonNode schedules = operator.get("/api/schedules").body();
    assertThat(schedules.path("pendingProblem").asText()).contains("no scheduler");
    ConsoleFixtures.Answer noTopic = operator.post("/api/types/" + type + "/pause", Map.of());
    assertThat(noTopic.status()).as("a type without a control topic").isEqualTo(409);
    assertThat(noTopic.error()).contains("does not exist").contains("topics apply");
    assertThat(operator.post("/api/cron/no-such-schedule/trigger", Map.of()).status()).isEqualTo(404);
    assertThat(operator.get("/api/nothing/here").status()).isEqualTo(404);
  }

  @Test
  void controlActionsAreRecordedWithTheUserAndShownInTheOverview() throws Exception {
    String controlled = ConsoleFixtures.unique("console.ctl");
    stack.createTopic(JobTopics.of(controlled).main(), 1);
    stack.createTopic(JobTopics.of(controlled).control(), 1);
    ConsoleFixtures.Client operator = loggedIn(OPERATOR);
    String t = "/api/types/" + controlled;
    assertThat(operator.post(t + "/pause", Map.of("reason", "provider outage")).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      JsonNode row = row(operator, controlled);
      return row != null && row.path("paused").asBoolean() && OPERATOR.equals(row.path("controlChangedBy").asText());
    });
    assertThat(operator.post(t + "/rate", Map.of("perSecond", 5)).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> row(operator, controlled).path("ratePerSecond").asDouble() == 5.0);
    Map<String, Object> noLimit = new HashMap<>();
    noLimit.put("perSecond", null);
    assertThat(operator.post(t + "/rate", noLimit).status()).isEqualTo(200);
    assertThat(operator.post(t + "/rate", Map.of("perSecond", -1)).status()).isEqualTo(400);
    assertThat(operator.post(t + "/rate", Map.of()).status()).isEqualTo(400);
    assertThat(operator.post(t + "/resume", Map.of()).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
      JsonNode row = row(operator, controlled);
      return !row.path("paused").asBoolean() && row.path("ratePerSecond").isNull();
    });
    assertThat(operator.post(t + "/cancel", Map.of("jobId", "job-9")).status()).isEqualTo(200);
    assertThat(operator.post(t + "/cancel", Map.of()).status()).isEqualTo(400);
  }

  @Test
  void recurringSchedulesArePausedResumedAndTriggered() throws Exception {
    String name = ConsoleFixtures.unique("console-cron");
    String cronType = ConsoleFixtures.unique("console.cron");
    stack.createTopic(JobTopics.CRON, 1);
    stack.createTopic(JobTopics.of(cronType).main(), 1);
    CronSchedule schedule = new CronSchedule(name, cronType, "0 3 * * *", null, null, "{\"mode\": \"ok\"}", null, null, null,
        true, ConsoleFixtures.payload(stack, cronType, "ok", "cron@example.com"));
    producer.send(new ProducerRecord<>(JobTopics.CRON, name.getBytes(StandardCharsets.UTF_8), schedule.toJson())).get();
    try {
      ConsoleFixtures.Client operator = loggedIn(OPERATOR);
      JsonNode listed = cron(operator, name);
      assertThat(listed.path("enabled").asBoolean()).isTrue();
      assertThat(listed.path("nextFires")).hasSize(3);
      assertThat(operator.post("/api/cron/" + name + "/pause", Map.of()).body().path("enabled").asBoolean()).isFalse();
      assertThat(cron(operator, name).path("enabled").asBoolean()).isFalse();
      assertThat(operator.post("/api/cron/" + name + "/resume", Map.of()).body().path("enabled").asBoolean()).isTrue();
      String fired = operator.post("/api/cron/" + name + "/trigger", Map.of()).body().path("jobId").asText();
      assertThat(fired).startsWith(name + "@");
      assertThat(mainRecords(cronType)).anySatisfy(r -> assertThat(
          new String(r.headers().lastHeader(JobHeaders.JOB_ID).value(), StandardCharsets.UTF_8)).isEqualTo(fired));
    } finally {
      producer.send(new ProducerRecord<>(JobTopics.CRON, name.getBytes(StandardCharsets.UTF_8), null)).get();
    }
  }

  private static JsonNode cron(ConsoleFixtures.Client c, String name) throws Exception {
    for (JsonNode s : c.get("/api/schedules").body().path("cron")) {
      if (s.path("name").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("schedule " + name + " not listed");
  }

  private static JsonNode row(ConsoleFixtures.Client c, String type) throws Exception {
    for (JsonNode row : c.get("/api/overview").body().path("types")) {
      if (row.path("type").asText().equals(type)) {
        return row;
      }
    }
    return null;
  }

  @Test
  void pagesAndHealthArePublicAndCarrySecurityHeaders() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(console.url().resolve("/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("jobpipe console").contains("/app.js").doesNotContain("http://").doesNotContain("https://");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'"));
    HttpResponse<String> js = http.send(HttpRequest.newBuilder(console.url().resolve("/app.js")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.body()).doesNotContain("https://").doesNotContain("innerHTML");
    assertThat(http.send(HttpRequest.newBuilder(console.url().resolve("/health/ready")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  private static List<ConsumerRecord<byte[], byte[]>> mainRecords(String type) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(JobTopics.of(type).main(), 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      while (c.position(tp) < end) {
        c.poll(Duration.ofMillis(500)).forEach(out::add);
      }
      return out;
    }
  }

}
