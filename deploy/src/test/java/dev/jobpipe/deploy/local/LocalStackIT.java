package dev.jobpipe.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failure paths of starting the broker and the registry, on real processes. */
class LocalStackIT {
  @TempDir
  Path work;

  @Test
  void aTakenBrokerPortFailsBeforeAnythingIsLaunched() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      KafkaBroker broker = KafkaBroker.builder().workDir(work).port(taken.getLocalPort()).build();

      assertThatThrownBy(broker::start)
          .isInstanceOf(PortInUseException.class)
          .hasMessage("port " + taken.getLocalPort() + " (Kafka) is already in use");
      assertThat(broker.isRunning()).isFalse();
      assertThat(work.resolve("broker.log")).doesNotExist();
    }
  }

  @Test
  void aTakenRegistryPortFailsBeforeAnythingIsLaunched() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ApicurioRegistry registry = ApicurioRegistry.builder().workDir(work).port(taken.getLocalPort()).build();

      assertThatThrownBy(registry::start)
          .isInstanceOf(PortInUseException.class)
          .hasMessage("port " + taken.getLocalPort() + " (Schema Registry) is already in use");
      assertThat(registry.isRunning()).isFalse();
    }
  }

  @Test
  void aBrokerThatCannotStartFailsWithItsLog() {
    KafkaBroker broker = KafkaBroker.builder().workDir(work).fastStartup(true)
        .property("num.io.threads", "-1").build();

    assertThatThrownBy(broker::start)
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("(log: " + work.resolve("broker.log") + ")")
        .satisfies(e -> assertThat(((LocalStackException) e).logTail()).hasValueSatisfying(
            tail -> assertThat(tail).contains("num.io.threads")));
    assertThat(broker.isRunning()).isFalse();
  }

  @Test
  void aRegistryThatDiesDuringStartUpFailsWithItsLog() {
    ApicurioRegistry registry = ApicurioRegistry.builder().workDir(work).fastStartup(true)
        .property("quarkus.datasource.jdbc.url", "jdbc:nosuchdriver:x").build();

    assertThatThrownBy(registry::start)
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("Schema Registry exited during start-up")
        .satisfies(e -> assertThat(((LocalStackException) e).logTail()).isPresent());
    assertThat(registry.isRunning()).isFalse();
  }

  @Test
  void aBrokerThatDoesNotAnswerInTimeIsKilled() {
    KafkaBroker broker = KafkaBroker.builder().workDir(work).fastStartup(true)
        .startTimeout(Duration.ofMillis(300)).build();

    assertThatThrownBy(broker::start)
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("did not");
    assertThat(broker.isRunning()).isFalse();
  }

  @Test
  void aPersistentRegistryKeepsItsSchemasAcrossARestart() throws Exception {
    ApicurioRegistry registry = ApicurioRegistry.builder().workDir(work).fastStartup(true).persistent(true).build();
    HttpClient http = HttpClient.newHttpClient();
    try {
      registry.start();
      String schema = "{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
      HttpResponse<String> registered = http.send(
          HttpRequest.newBuilder(URI.create(registry.confluentApiUrl() + "/subjects/kept-value/versions"))
              .header("Content-Type", "application/vnd.schemaregistry.v1+json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"" + schema.replace("\"", "\\\"") + "\"}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
      int port = registry.port();

      registry.stop();
      registry.start();

      assertThat(registry.port()).isEqualTo(port);
      assertThat(http.send(HttpRequest.newBuilder(URI.create(registry.confluentApiUrl() + "/subjects")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).contains("kept-value");
      assertThat(Files.isDirectory(work.resolve("db"))).isTrue();

      // ChildService lifecycle: close() is idempotent and bounded, awaitTermination sees the exit
      long pid = registry.pid().orElseThrow();
      registry.close();
      registry.close();
      assertThat(registry.awaitTermination(java.time.Duration.ofSeconds(30))).isTrue();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(java.util.Optional.empty(),
          java.util.Optional.of(false));
      assertThat(registry.isRunning()).isFalse();
    } finally {
      registry.close();
    }
  }
}
