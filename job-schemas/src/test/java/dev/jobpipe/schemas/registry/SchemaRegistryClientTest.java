package dev.jobpipe.schemas.registry;

import static dev.jobpipe.schemas.registry.SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG;
import static dev.jobpipe.schemas.registry.SchemaRegistryConfig.REQUEST_TIMEOUT_MS_CONFIG;
import static dev.jobpipe.schemas.registry.SchemaRegistryConfig.RETRIES_CONFIG;
import static dev.jobpipe.schemas.registry.SchemaRegistryConfig.RETRY_BACKOFF_MAX_MS_CONFIG;
import static dev.jobpipe.schemas.registry.SchemaRegistryConfig.RETRY_BACKOFF_MS_CONFIG;
import static dev.jobpipe.schemas.registry.SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.schemas.compat.CompatibilityMode;
import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.testing.FakeRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {
  private static final Schema V1 = SchemaBuilder.record("Thing").namespace("test").fields()
      .requiredString("name").endRecord();
  private static final Schema V2 = SchemaBuilder.record("Thing").namespace("test").fields()
      .requiredString("name").optionalInt("size").endRecord();
  private static final Schema BREAKING = SchemaBuilder.record("Thing").namespace("test").fields()
      .requiredString("name").requiredInt("size").endRecord();

  private final FakeRegistry fake = FakeRegistry.start();
  private final List<Long> sleeps = new CopyOnWriteArrayList<>();
  private final List<SchemaRegistryClient> clients = new ArrayList<>();

  @AfterEach
  void tearDown() {
    clients.forEach(SchemaRegistryClient::close);
    fake.close();
  }

  private SchemaRegistryClient client(Object... keyValues) {
    Map<String, Object> configs = new HashMap<>();
    configs.put(SCHEMA_REGISTRY_URL_CONFIG, fake.url());
    configs.put(RETRY_BACKOFF_MS_CONFIG, 100);
    configs.put(RETRY_BACKOFF_MAX_MS_CONFIG, 300);
    for (int i = 0; i < keyValues.length; i += 2) {
      configs.put((String) keyValues[i], keyValues[i + 1]);
    }
    SchemaRegistryClient client = SchemaRegistryClient.create(new SchemaRegistryConfig(configs), sleeps::add);
    clients.add(client);
    return client;
  }

  @Test
  void registersOnceAndAnswersLaterLookupsFromTheCache() {
    SchemaRegistryClient client = client();

    int id = client.register("jobs.thing-value", V1);
    for (int i = 0; i < 5; i++) {
      assertThat(client.register("jobs.thing-value", V1)).isEqualTo(id);
      assertThat(client.lookup("jobs.thing-value", V1)).contains(id);
      assertThat(client.schemaById(id)).isEqualTo(V1);
    }

    assertThat(fake.count("POST /subjects/jobs.thing-value/versions")).isEqualTo(1);
    assertThat(fake.count("POST /subjects/jobs.thing-value ")).isZero();
    assertThat(fake.count("GET /schemas/ids/")).isZero();
  }

  @Test
  void fetchesASchemaByIdOncePerProcess() {
    int id = fake.preload("jobs.thing-value", V1);
    SchemaRegistryClient client = client();

    for (int i = 0; i < 20; i++) {
      assertThat(client.schemaById(id)).isEqualTo(V1);
    }

    assertThat(fake.count("GET /schemas/ids/" + id)).isEqualTo(1);
  }

  @Test
  void concurrentCallersForOneIdShareOneRequest() throws Exception {
    int id = fake.preload("jobs.thing-value", V1);
    SchemaRegistryClient client = client();
    fake.closeGate();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger started = new AtomicInteger();
    try {
      List<Future<Schema>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> {
          started.incrementAndGet();
          return client.schemaById(id);
        }));
      }
      await().until(() -> started.get() == 8 && !fake.requests().isEmpty());
      fake.openGate();
      for (Future<Schema> result : results) {
        assertThat(result.get()).isEqualTo(V1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fake.count("GET /schemas/ids/" + id)).isEqualTo(1);
  }

  @Test
  void lookupOfAnUnregisteredSchemaIsEmptyAndNotCached() {
    SchemaRegistryClient client = client();

    assertThat(client.lookup("jobs.thing-value", V1)).isEmpty();
    int id = fake.preload("jobs.thing-value", V1);
    assertThat(client.lookup("jobs.thing-value", V1)).contains(id);
    assertThat(client.lookup("jobs.thing-value", V2)).isEmpty();
  }

  @Test
  void retriesServerErrorsWithGrowingBackoffUntilTheyPass() {
    int id = fake.preload("jobs.thing-value", V1);
    SchemaRegistryClient client = client(RETRIES_CONFIG, 3);
    client.lookup("jobs.thing-value", V2); // resolves the base URL
    fake.failNext(3, 503);

    assertThat(client.schemaById(id)).isEqualTo(V1);

    assertThat(fake.count("GET /schemas/ids/" + id)).isEqualTo(4);
    assertThat(sleeps).containsExactly(100L, 200L, 300L);
  }

  @Test
  void exhaustedRetriesRaiseARetriableUnavailableErrorNamingTheUrl() {
    int id = fake.preload("jobs.thing-value", V1);
    SchemaRegistryClient client = client(RETRIES_CONFIG, 2);
    client.lookup("jobs.thing-value", V2);
    fake.failNext(100, 500);

    assertThatThrownBy(() -> client.schemaById(id))
        .isInstanceOf(RegistryUnavailableException.class)
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining(fake.url())
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("3 attempt(s)");
    assertThat(fake.count("GET /schemas/ids/" + id)).isEqualTo(3);
  }

  @Test
  void failedFetchIsNotCached() {
    int id = fake.preload("jobs.thing-value", V1);
    SchemaRegistryClient client = client(RETRIES_CONFIG, 0);
    client.lookup("jobs.thing-value", V2);
    fake.failNext(1, 503);

    assertThatThrownBy(() -> client.schemaById(id)).isInstanceOf(RegistryUnavailableException.class);
    assertThat(client.schemaById(id)).isEqualTo(V1);
  }

  @Test
  void clientErrorsFailFastWithTheRegistryMessage() {
    SchemaRegistryClient client = client(RETRIES_CONFIG, 5);
    client.register("jobs.x-value", V1);

    assertThatThrownBy(() -> client.register("jobs.x-value", BREAKING))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(409);
          assertThat(e.errorCode()).isEqualTo(409);
          assertThat(e.getMessage())
              .startsWith("schema for subject 'jobs.x-value' is incompatible: Schema being registered is incompatible");
        });
    assertThat(fake.count("POST /subjects/jobs.x-value/versions")).isEqualTo(2);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void unknownIdIsA404NamingTheId() {
    SchemaRegistryClient client = client();

    assertThatThrownBy(() -> client.schemaById(4242))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(404);
          assertThat(e.errorCode()).isEqualTo(40403);
          assertThat(e.getMessage()).contains("schema id 4242").contains("Schema 4242 not found");
        });
  }

  @Test
  void clientErrorWithoutAJsonBodyKeepsTheBody() {
    SchemaRegistryClient client = client();
    client.lookup("jobs.x-value", V1);
    fake.failNext(1, 401);

    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(401);
          assertThat(e.getMessage()).contains("injected failure");
        });
  }

  @Test
  void slowRegistryTimesOutAndCountsAsUnavailable() {
    int id = fake.preload("jobs.thing-value", V1);
    SchemaRegistryClient client = client(RETRIES_CONFIG, 1, REQUEST_TIMEOUT_MS_CONFIG, 50);
    fake.delay(2_000);

    assertThatThrownBy(() -> client.schemaById(id))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("HttpTimeoutException")
        .hasCauseInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void interruptedCallerGetsKafkasInterruptExceptionAndKeepsItsFlag() {
    int id = fake.preload("jobs.thing-value", V1);
    SchemaRegistryClient client = client();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> client.schemaById(id)).isInstanceOf(InterruptException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(client.schemaById(id)).isEqualTo(V1);
  }

  @Test
  void failsOverToTheNextUrlWhenAConnectionFails() throws IOException {
    String dead = "http://127.0.0.1:" + freePort();
    int id = fake.preload("jobs.thing-value", V1);
    SchemaRegistryClient client = client(SCHEMA_REGISTRY_URL_CONFIG, dead + "," + fake.url(), RETRIES_CONFIG, 0);

    assertThat(client.schemaById(id)).isEqualTo(V1);
    assertThat(client.baseUrl()).isEqualTo(fake.url());
    assertThat(client.latest("jobs.thing-value").id()).isEqualTo(id);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void everyUrlDeadIsUnavailableNamingThem() throws IOException {
    String first = "http://127.0.0.1:" + freePort();
    String second = "http://127.0.0.1:" + freePort();
    SchemaRegistryClient client = client(SCHEMA_REGISTRY_URL_CONFIG, first + "," + second, RETRIES_CONFIG, 1);

    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining(first)
        .hasMessageContaining(second)
        .hasMessageContaining("ConnectException");
    assertThat(sleeps).containsExactly(100L);
  }

  @Test
  void discoversApicurioPrefixOnceWhenTheUrlHasNoPath() {
    try (FakeRegistry apicurio = FakeRegistry.start("/apis/ccompat/v7")) {
      SchemaRegistryClient client = client(SCHEMA_REGISTRY_URL_CONFIG, apicurio.rootUrl());

      int id = client.register("jobs.thing-value", V1);
      assertThat(client.latest("jobs.thing-value").id()).isEqualTo(id);
      assertThat(client.lookup("jobs.thing-value", V2)).isEmpty();

      assertThat(client.baseUrl()).isEqualTo(apicurio.rootUrl() + "/apis/ccompat/v7");
      assertThat(apicurio.count("GET !/subjects")).isEqualTo(1);
      assertThat(apicurio.requests().stream().filter("GET /subjects"::equals)).hasSize(1);
    }
  }

  @Test
  void urlWithAPathIsUsedAsIs() {
    try (FakeRegistry apicurio = FakeRegistry.start("/apis/ccompat/v7")) {
      SchemaRegistryClient client = client(SCHEMA_REGISTRY_URL_CONFIG, apicurio.url() + "/");

      client.register("jobs.thing-value", V1);

      assertThat(apicurio.requests()).containsExactly("POST /subjects/jobs.thing-value/versions");
    }
  }

  @Test
  void confluentStyleRootIsNotPrefixed() {
    SchemaRegistryClient client = client();

    client.register("jobs.thing-value", V1);

    assertThat(client.baseUrl()).isEqualTo(fake.url());
    assertThat(fake.requests()).containsExactly("GET /subjects", "POST /subjects/jobs.thing-value/versions");
  }

  @Test
  void latestReturnsTheNewestVersion() {
    SchemaRegistryClient client = client();
    client.register("jobs.thing-value", V1);
    int v2 = client.register("jobs.thing-value", V2);

    RegisteredSchema latest = client.latest("jobs.thing-value");

    assertThat(latest).isEqualTo(new RegisteredSchema("jobs.thing-value", v2, 2, V2));
    assertThatThrownBy(() -> client.latest("jobs.nothing-value"))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(404);
          assertThat(e.getMessage()).contains("subject 'jobs.nothing-value'");
        });
  }

  @Test
  void compatibilityCheckReportsTheRegistryVerdict() {
    SchemaRegistryClient client = client();

    assertThat(client.testCompatibility("jobs.thing-value", V1).compatible()).isTrue();
    client.register("jobs.thing-value", V1);
    assertThat(client.testCompatibility("jobs.thing-value", V2).compatible()).isTrue();
    CompatibilityResult breaking = client.testCompatibility("jobs.thing-value", BREAKING);

    assertThat(breaking.compatible()).isFalse();
    assertThat(breaking.messages()).anySatisfy(m -> assertThat(m).contains("size"));
    assertThat(fake.requests()).contains("POST /compatibility/subjects/jobs.thing-value/versions/latest?verbose=true");
  }

  @Test
  void setsTheSubjectsCompatibilityMode() {
    SchemaRegistryClient client = client();

    client.setCompatibility("jobs.thing-value", CompatibilityMode.FULL_TRANSITIVE);

    assertThat(fake.compatibility("jobs.thing-value")).isEqualTo("FULL_TRANSITIVE");
    fake.failNext(1, 403);
    assertThatThrownBy(() -> client.setCompatibility("jobs.thing-value", CompatibilityMode.NONE))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("setting compatibility NONE on subject 'jobs.thing-value' failed");
  }

  @Test
  void subjectsAreEscapedInPaths() {
    SchemaRegistryClient client = client();

    int id = client.register("odd subject/with?chars", V1);

    assertThat(client.latest("odd subject/with?chars").id()).isEqualTo(id);
    assertThat(fake.requests()).contains("POST /subjects/odd%20subject%2Fwith%3Fchars/versions");
  }

  @Test
  void sendsBasicAuthCredentials() {
    SchemaRegistryClient client = client(BASIC_AUTH_USER_INFO_CONFIG, "ada:s3cret");

    client.register("jobs.thing-value", V1);

    assertThat(fake.lastAuthorization())
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString("ada:s3cret".getBytes()));
  }

  @Test
  void sendsABearerToken() {
    SchemaRegistryClient client = client(SchemaRegistryConfig.BEARER_AUTH_TOKEN_CONFIG, "tok-123");

    client.register("jobs.thing-value", V1);

    assertThat(fake.lastAuthorization()).isEqualTo("Bearer tok-123");
  }

  @Test
  void nonAvroSchemaIsUnsupported() {
    int id = fake.preloadOfType("jobs.proto-value", "syntax = \"proto3\";", "PROTOBUF");
    SchemaRegistryClient client = client();

    assertThatThrownBy(() -> client.schemaById(id))
        .isInstanceOf(UnsupportedSchemaException.class)
        .hasMessageContaining("schema id " + id + " is a PROTOBUF schema");
  }

  @Test
  void generatedSchemaRoundTripsThroughTheRegistry() {
    SchemaRegistryClient client = client();
    int id = client.register("jobs.email.send-value", EmailSend.getClassSchema());

    SchemaRegistryClient other = client();
    assertThat(other.schemaById(id)).isEqualTo(EmailSend.getClassSchema());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
