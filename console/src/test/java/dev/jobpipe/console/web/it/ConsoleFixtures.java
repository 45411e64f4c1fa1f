package dev.jobpipe.console.web.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobpipe.console.web.WebConsole;
import dev.jobpipe.console.web.WebConsoleConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import dev.jobpipe.schemas.serde.AvroCodec;
import dev.jobpipe.testkit.JobpipeStack;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Consoles, users, dead letters and an HTTP client for the console's integration tests. */
final class ConsoleFixtures {

  static final Schema SCHEMA = new Schema.Parser().parse("""
      {"type": "record", "name": "ConsoleItJob", "namespace": "dev.jobpipe.console.it",
       "fields": [{"name": "mode", "type": "string"}, {"name": "email", "type": "string", "default": ""}]}""");

  static final String OPERATOR = "olga";
  static final String VIEWER = "victor";
  static final String PASSWORD = "correct horse battery staple";
  static final String OPERATOR_TOKEN = "op-token-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
  static final String VIEWER_TOKEN = "view-token-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
  static final ObjectMapper JSON = new ObjectMapper();

  private ConsoleFixtures() {}

  static String unique(String prefix) {
    return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
  }

  /** A console on a free port with an operator, a viewer and a token of each; samples every 500 ms. */
  static WebConsole console(JobpipeStack stack, String ledgerUrl, String... mask) {
    String hash = WebConsole.hashPassword(PASSWORD);
    Map<String, Object> p = new HashMap<>(stack.clientProperties());
    p.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl());
    p.put(WebConsoleConfig.HTTP_HOST_CONFIG, "127.0.0.1");
    p.put(WebConsoleConfig.HTTP_PORT_CONFIG, 0);
    p.put(WebConsoleConfig.LEDGER_URL_CONFIG, ledgerUrl);
    p.put(WebConsoleConfig.SAMPLE_INTERVAL_MS_CONFIG, 500L);
    p.put(WebConsoleConfig.MASK_FIELDS_CONFIG, String.join(",", mask));
    p.put(WebConsoleConfig.AUTH_USERS_CONFIG, String.join("\n",
        OPERATOR + ":operator:" + hash,
        VIEWER + ":viewer:" + hash,
        "ops-bot:operator:" + WebConsole.hashToken(OPERATOR_TOKEN),
        "ci-bot:viewer:" + WebConsole.hashToken(VIEWER_TOKEN)));
    WebConsole console = new WebConsole(p);
    console.start();
    return console;
  }

  static KafkaProducer<byte[], byte[]> producer(JobpipeStack stack) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static byte[] payload(JobpipeStack stack, String type, String mode, String email) {
    AvroCodec codec = new AvroCodec(SchemaRegistryClient.create(stack.registryUrl()), true);
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("mode", mode);
    r.put("email", email);
    return codec.encode(JobTopics.of(type).main() + "-value", r);
  }

  /** Writes a dead letter of job {@code jobId} (FATAL, failed reading origin offset {@code originOffset}). */
  static void deadLetter(JobpipeStack stack, KafkaProducer<byte[], byte[]> producer, String type, String jobId,
      long originOffset, String errorClass, String message) throws Exception {
    Headers h = new RecordHeaders();
    Instant now = Instant.now();
    JobHeaders.set(h, JobHeaders.JOB_ID, jobId);
    JobHeaders.set(h, JobHeaders.JOB_TYPE, type);
    JobHeaders.set(h, JobHeaders.ATTEMPT, 1);
    JobHeaders.set(h, JobHeaders.ENQUEUED_AT, now.minusSeconds(5));
    JobHeaders.set(h, JobHeaders.ORIGIN_TOPIC, JobTopics.of(type).main());
    JobHeaders.set(h, JobHeaders.ORIGIN_PARTITION, 0);
    JobHeaders.set(h, JobHeaders.ORIGIN_OFFSET, originOffset);
    JobHeaders.set(h, JobHeaders.ERROR_CLASS, errorClass);
    JobHeaders.set(h, JobHeaders.ERROR_MESSAGE, message);
    JobHeaders.set(h, JobHeaders.ERROR_STACK, errorClass + ": " + message + "\n\tat dev.example.Handler.handle(Handler.java:42)");
    JobHeaders.set(h, JobHeaders.FAILED_AT, now);
    JobHeaders.set(h, JobHeaders.DLQ_REASON, "FATAL");
    producer.send(new ProducerRecord<>(JobTopics.of(type).dlq(), 0, null, jobId.getBytes(StandardCharsets.UTF_8),
        payload(stack, type, "bad", jobId + "@example.com"), h)).get();
  }

  /** One answer of the API. */
  record Answer(int status, JsonNode body) {
    String error() {
      return body == null ? null : body.path("error").asText(null);
    }
  }

  /** A browser-like client: keeps the session cookie, sends the CSRF token it was given unless told not to. */
  static final class Client {
    private final URI base;
    private final HttpClient http;
    private String csrf;
    private String bearer;

    Client(URI base) {
      this.base = base;
      this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
    }

    Client bearer(String token) {
      this.bearer = token;
      return this;
    }

    Answer login(String user, String password) throws Exception {
      Answer a = send("POST", "/api/login", JSON.writeValueAsString(Map.of("user", user, "password", password)), false);
      if (a.status() == 200) {
        csrf = a.body().path("csrfToken").asText();
      }
      return a;
    }

    String csrf() {
      return csrf;
    }

    Answer get(String path) throws Exception {
      return send("GET", path, null, false);
    }

    Answer post(String path, Object body) throws Exception {
      return send("POST", path, JSON.writeValueAsString(body), true);
    }

    Answer postWithoutCsrf(String path, Object body) throws Exception {
      return send("POST", path, JSON.writeValueAsString(body), false);
    }

    Answer postWithCsrf(String path, Object body, String token) throws Exception {
      String saved = csrf;
      csrf = token;
      try {
        return send("POST", path, JSON.writeValueAsString(body), true);
      } finally {
        csrf = saved;
      }
    }

    private Answer send(String method, String path, String body, boolean withCsrf) throws IOException, InterruptedException {
      HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
      if (body != null) {
        b.header("Content-Type", "application/json");
        b.method(method, HttpRequest.BodyPublishers.ofString(body));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      if (withCsrf && csrf != null) {
        b.header("X-CSRF-Token", csrf);
      }
      if (bearer != null) {
        b.header("Authorization", "Bearer " + bearer);
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = r.body().isEmpty() ? null : JSON.readTree(r.body());
      } catch (IOException e) {
        // not JSON (an asset)
      }
      return new Answer(r.statusCode(), json);
    }
  }
}
