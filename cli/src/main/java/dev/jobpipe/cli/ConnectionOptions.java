package dev.jobpipe.cli;

import dev.jobpipe.schemas.config.ClientConfigs;
import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where the cluster is, shared by every command that talks to Kafka or the registry, as Kafka's own
 * tools do: bootstrap servers, registry URL, and a properties file for anything else (SASL, TLS).
 */
public final class ConnectionOptions {

  public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
  public static final String DEFAULT_REGISTRY = "http://localhost:8081";

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      defaultValue = "${env:JOBPIPE_BOOTSTRAP_SERVERS:-" + DEFAULT_BOOTSTRAP + "}",
      description = "Kafka bootstrap servers (env JOBPIPE_BOOTSTRAP_SERVERS, default ${DEFAULT-VALUE})")
  String bootstrapServers;

  @Option(names = "--schema-registry", paramLabel = "URL",
      defaultValue = "${env:JOBPIPE_SCHEMA_REGISTRY_URL:-" + DEFAULT_REGISTRY + "}",
      description = "Confluent-compatible Schema Registry URL (env JOBPIPE_SCHEMA_REGISTRY_URL, default ${DEFAULT-VALUE})")
  String schemaRegistry;

  @Option(names = "--command-config", paramLabel = "FILE",
      description = "Properties file with further Kafka client settings (SASL, TLS, ...) and registry credentials"
          + " (basic.auth.user.info or bearer.auth.token; else env JOBPIPE_SCHEMA_REGISTRY_USER_INFO or"
          + " JOBPIPE_SCHEMA_REGISTRY_BEARER_TOKEN)")
  Path commandConfig;

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String schemaRegistry() {
    return schemaRegistry;
  }

  /**
   * Kafka client properties: {@code bootstrap.servers} plus the command-config file. Throws a
   * {@link UserException} naming the file when it cannot be read.
   */
  public Map<String, Object> clientProperties() {
    return clientProperties(System.getenv());
  }

  /**
   * The Schema Registry client's settings: the registry URL, and every registry key of the
   * command-config file (credentials, timeouts) or, without credentials there, of the environment.
   * Every command that reads or registers schemas builds its client from this, so none forgets
   * the credentials.
   */
  public Map<String, Object> registryProperties() {
    Map<String, Object> props = new HashMap<>(ClientConfigs.registry(clientProperties()));
    props.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, schemaRegistry);
    return props;
  }

  /** Registry credentials taken from the environment when the command-config file has none. */
  static final Map<String, String> REGISTRY_CREDENTIAL_ENV = Map.of(
      "JOBPIPE_SCHEMA_REGISTRY_USER_INFO", SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG,
      "JOBPIPE_SCHEMA_REGISTRY_BEARER_TOKEN", SchemaRegistryConfig.BEARER_AUTH_TOKEN_CONFIG);

  Map<String, Object> clientProperties(Map<String, String> env) {
    Map<String, Object> props = new HashMap<>();
    if (commandConfig != null) {
      Properties file = new Properties();
      try (Reader reader = Files.newBufferedReader(commandConfig)) {
        file.load(reader);
      } catch (IOException e) {
        throw new UserException("cannot read --command-config " + commandConfig + ": " + e.getMessage(), e);
      }
      file.forEach((k, v) -> props.put((String) k, v));
    }
    boolean fileHasCredentials = REGISTRY_CREDENTIAL_ENV.values().stream().anyMatch(props::containsKey);
    if (!fileHasCredentials) {
      REGISTRY_CREDENTIAL_ENV.forEach((variable, key) -> {
        String value = env.get(variable);
        if (value != null && !value.isBlank()) {
          props.put(key, value);
        }
      });
    }
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }
}
