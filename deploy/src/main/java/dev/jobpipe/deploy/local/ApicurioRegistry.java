package dev.jobpipe.deploy.local;

import dev.jobpipe.deploy.local.internal.ChildJvm;
import dev.jobpipe.deploy.local.internal.JvmOptions;
import dev.jobpipe.deploy.local.internal.Probes;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apicurio Registry (a Quarkus application) run as a child JVM from {@link
 * StackLayout#apicurioRunnerJar()}, serving the Confluent Schema Registry API under {@value
 * #CCOMPAT_PATH}. Storage is in memory (H2) by default, or an H2 file under the work directory
 * when {@link Builder#persistent(boolean) persistent}, so that the schema ids in a kept Kafka log
 * still resolve after a restart. Like Confluent's registry, and unlike Apicurio's own default, new
 * versions must be BACKWARD compatible unless a subject says otherwise.
 */
public final class ApicurioRegistry extends ChildService {
  /** Path of the Confluent-compatible API on the registry's port. */
  public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
  public static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private static final String LOG_FILE = "registry.log";
  private static final String RUNNER_MAIN_CLASS = "io.quarkus.runner.GeneratedMain";

  private final boolean persistent;

  private ApicurioRegistry(Builder b) {
    super("Schema Registry", LOG_FILE, STOP_GRACE, b);
    this.persistent = b.persistent;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected ChildJvm launch(int port) {
    List<String> jvm = new ArrayList<>(JvmOptions.of(maxHeap, fastStartup));
    registryProperties(port).forEach((k, v) -> jvm.add("-D" + k + "=" + v));
    return ChildJvm.launch(new ChildJvm.Spec("Schema Registry", "apicurio", layout.classDataDir(), jvm,
        List.of(layout.apicurioRunnerJar()), RUNNER_MAIN_CLASS, List.of(), workDir(), logFile(), supervision));
  }

  /** Ready once {@code GET /apis/ccompat/v7/subjects} answers 200 (to the admin's token when secure). */
  @Override
  protected void awaitReady(ChildJvm child, int port, Duration timeout) {
    HttpClient http = Probes.httpClient();
    String probe = "http://localhost:" + port + CCOMPAT_PATH + "/subjects";
    String authorization = security == null ? null : "Bearer " + security.token(StackSecurity.ADMIN);
    child.awaitReady(() -> Probes.answers200(http, probe, authorization, Duration.ofSeconds(2)), timeout);
  }

  private Map<String, String> registryProperties(int port) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("quarkus.http.host", "127.0.0.1");
    p.put("quarkus.http.port", Integer.toString(port));
    p.put("quarkus.banner.enabled", "false");
    p.put("quarkus.log.console.color", "false");
    // The production profile opens 20 pooled connections to an in-process H2: two are plenty.
    p.put("quarkus.datasource.jdbc.initial-size", "2");
    p.put("quarkus.datasource.jdbc.min-size", "2");
    p.put("quarkus.datasource.jdbc.url", persistent
        ? "jdbc:h2:file:" + workDir().resolve("db").resolve("registry").toAbsolutePath()
        : "jdbc:h2:mem:registry_db");
    p.put("registry.rules.global.compatibility", "BACKWARD");
    if (security != null) {
      // Apicurio's own OIDC authentication, verifying tokens with a local public key instead of
      // asking an identity server (Keycloak): every API call needs a valid bearer token.
      p.put("registry.auth.enabled", "true");
      p.put("quarkus.oidc.tenant-enabled", "true");
      p.put("quarkus.oidc.auth-server-url", "");
      p.put("quarkus.oidc.public-key", security.tokenPublicKey());
      p.put("quarkus.oidc.token.issuer", dev.jobpipe.deploy.local.internal.BearerTokens.ISSUER);
    }
    p.putAll(overrides);
    return p;
  }

  /** {@code http://localhost:PORT}: what a client that discovers the API path is given. */
  public synchronized String baseUrl() {
    return "http://localhost:" + port();
  }

  /** {@code http://localhost:PORT/apis/ccompat/v7}: the Confluent-compatible API. */
  public synchronized String confluentApiUrl() {
    return baseUrl() + CCOMPAT_PATH;
  }

  /** Options of a registry ({@code 384m} of heap by default); only the work directory is required. */
  public static final class Builder extends ChildService.Options<Builder> {
    private boolean persistent;

    private Builder() {
      super("Schema Registry", "384m", DEFAULT_START_TIMEOUT);
    }

    /** Keep schemas in an H2 file under the work directory instead of in memory. */
    public Builder persistent(boolean persistent) {
      this.persistent = persistent;
      return this;
    }

    public ApicurioRegistry build() {
      return new ApicurioRegistry(this);
    }
  }
}
