package dev.jobpipe.deploy.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.jobpipe.deploy.local.LocalStackException;
import dev.jobpipe.deploy.local.internal.StackFetch.Coordinates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackFetchTest {
  private static final Coordinates BROKER = Coordinates.parse("org.example:broker_2.13:jar:1.0");
  private static final Coordinates CODEC = Coordinates.parse("org.example:codec:jar:2.1");
  private static final Coordinates REGISTRY = Coordinates.parse("org.example:registry-app:tar.gz:all:3.0.Final");

  @TempDir Path tmp;
  private HttpServer server;
  private final Map<String, byte[]> remote = new ConcurrentHashMap<>();

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void parsesTheListThatDependencyListWritesWithoutDuplicates() {
    String text = """
        The following files have been resolved:
           org.example:broker_2.13:jar:1.0
           org.example:codec:jar:2.1 -- module codec (auto)

        The following files have been resolved:
           org.example:codec:jar:2.1 -- module codec (auto)
        """;
    assertThat(StackFetch.parseList(text)).containsExactly(BROKER, CODEC);
    assertThat(REGISTRY.repositoryPath()).isEqualTo("org/example/registry-app/3.0.Final/registry-app-3.0.Final-all.tar.gz");
    assertThatThrownBy(() -> Coordinates.parse("org.example:broker")).hasMessageContaining("'org.example:broker'");
  }

  @Test
  void takesWhatTheLocalRepositoryHasAndDownloadsTheRestCheckedAgainstItsSha1() throws Exception {
    Path local = tmp.resolve("m2");
    put(local, BROKER, "broker".getBytes(StandardCharsets.UTF_8));
    put(local, REGISTRY, registryArchive());
    serve(CODEC, "codec".getBytes(StandardCharsets.UTF_8), true);

    Path stack = fetch(local).fetchInto(tmp.resolve("cache"));

    assertThat(stack.getFileName().toString()).isEqualTo("kafka-unknown-apicurio-3.0.Final");
    assertThat(stack.resolve("kafka-libs/broker_2.13-1.0.jar")).hasContent("broker");
    assertThat(stack.resolve("kafka-libs/codec-2.1.jar")).hasContent("codec");
    assertThat(stack.resolve("apicurio/registry-app-3.0.Final-runner.jar")).hasContent("runner");
    assertThat(stack.resolve("apicurio/registry-app-3.0.Final-all.tar.gz")).doesNotExist();
    assertThat(Files.list(tmp.resolve("cache")).toList()).containsExactly(stack);

    remote.clear(); // a completed stack is not fetched again
    assertThat(fetch(local).fetchInto(tmp.resolve("cache"))).isEqualTo(stack);
  }

  @Test
  void aDownloadWhoseSha1DoesNotMatchFailsAndLeavesNoStack() throws Exception {
    Path local = tmp.resolve("m2");
    put(local, BROKER, "broker".getBytes(StandardCharsets.UTF_8));
    put(local, REGISTRY, registryArchive());
    serve(CODEC, "codec".getBytes(StandardCharsets.UTF_8), false);

    assertThatThrownBy(() -> fetch(local).fetchInto(tmp.resolve("cache")))
        .isInstanceOf(LocalStackException.class).hasMessageContaining("org.example:codec:jar:2.1").hasMessageContaining("SHA-1");
    assertThat(Files.list(tmp.resolve("cache")).toList()).isEmpty();
  }

  @Test
  void anArtifactNoRepositoryHasFailsNamingIt() throws Exception {
    serve(CODEC, "codec".getBytes(StandardCharsets.UTF_8), true);
    assertThatThrownBy(() -> fetch(tmp.resolve("empty")).fetchInto(tmp.resolve("cache")))
        .isInstanceOf(LocalStackException.class).hasMessageContaining("org.example:broker_2.13:jar:1.0").hasMessageContaining("HTTP 404");
  }

  private StackFetch fetch(Path localRepository) {
    if (server == null) {
      serve(null, null, true);
    }
    return new StackFetch(List.of(BROKER, CODEC), REGISTRY, List.of(localRepository),
        URI.create("http://localhost:" + server.getAddress().getPort() + "/maven2"));
  }

  private void serve(Coordinates c, byte[] content, boolean rightSha1) {
    if (c != null) {
      remote.put("/maven2/" + c.repositoryPath(), content);
      remote.put("/maven2/" + c.repositoryPath() + ".sha1",
          (rightSha1 ? sha1(content) : sha1(new byte[0])).getBytes(StandardCharsets.US_ASCII));
    }
    if (server != null) {
      return;
    }
    try {
      server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", exchange -> {
      byte[] body = remote.get(exchange.getRequestURI().getPath());
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
  }

  private static void put(Path repo, Coordinates c, byte[] content) throws IOException {
    Path file = repo.resolve(c.repositoryPath());
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  private byte[] registryArchive() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("registry-src"));
    Files.writeString(src.resolve("registry-app-3.0.Final-runner.jar"), "runner");
    Path archive = tmp.resolve("registry.tar.gz");
    Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", src.toString(), ".").inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    return Files.readAllBytes(archive);
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
