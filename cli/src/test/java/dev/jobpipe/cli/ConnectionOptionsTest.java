package dev.jobpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionOptionsTest {

  @TempDir
  Path dir;

  private ConnectionOptions options(Path commandConfig) {
    ConnectionOptions o = new ConnectionOptions();
    o.bootstrapServers = "localhost:9092";
    o.schemaRegistry = "http://localhost:8081";
    o.commandConfig = commandConfig;
    return o;
  }

  @Test
  void registryCredentialsComeFromTheEnvironmentWhenTheFileHasNone() {
    Map<String, Object> props = options(null).clientProperties(Map.of("JOBPIPE_SCHEMA_REGISTRY_BEARER_TOKEN", "tok"));
    assertThat(props).containsEntry("bearer.auth.token", "tok").doesNotContainKey("basic.auth.user.info");
  }

  @Test
  void credentialsInTheCommandConfigWin() throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, "basic.auth.user.info=ada:pw\nsecurity.protocol=SASL_SSL\n");
    Map<String, Object> props = options(file).clientProperties(Map.of("JOBPIPE_SCHEMA_REGISTRY_BEARER_TOKEN", "tok"));
    assertThat(props).containsEntry("basic.auth.user.info", "ada:pw").containsEntry("security.protocol", "SASL_SSL")
        .doesNotContainKey("bearer.auth.token");
  }
}
