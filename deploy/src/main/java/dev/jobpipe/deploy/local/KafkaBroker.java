package dev.jobpipe.deploy.local;

import dev.jobpipe.deploy.local.internal.ChildJvm;
import dev.jobpipe.deploy.local.internal.Dirs;
import dev.jobpipe.deploy.local.internal.JvmOptions;
import dev.jobpipe.deploy.local.internal.KafkaServerProperties;
import dev.jobpipe.deploy.local.internal.Ports;
import dev.jobpipe.deploy.local.internal.Probes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process), run
 * as a child JVM from the jars of {@link StackLayout#kafkaLibs()}: the storage is formatted on first
 * start ({@code kafka.tools.StorageTool format}), then {@code kafka.Kafka server.properties} runs.
 * Everything lives under the work directory: {@code server.properties}, {@code broker.log} and the
 * {@code data/} log directory, which survives {@link #stop()} so the broker can be started again
 * on the same port with the same topics.
 */
public final class KafkaBroker extends ChildService {
  /** How long the first start (format + start-up) may take before it counts as failed. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
  /** How long a stopped broker has for its controlled shutdown before it is killed. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private static final String LOG_FILE = "broker.log";

  private int internalPort;

  private KafkaBroker(Builder b) {
    super("Kafka", LOG_FILE, STOP_GRACE, b);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Formats the storage the first time, then launches {@code kafka.Kafka}. */
  @Override
  protected ChildJvm launch(int port) {
    int controllerPort = Ports.free(port);
    Path dataDir = Dirs.create(workDir().resolve("data"));
    Path config = workDir().resolve("server.properties");
    if (security == null) {
      KafkaServerProperties.write(KafkaServerProperties.of(port, controllerPort, dataDir, overrides), config);
    } else {
      internalPort = Ports.free(port, controllerPort);
      KafkaServerProperties.write(KafkaServerProperties.secure(port, internalPort, controllerPort, dataDir,
          new KafkaServerProperties.Security(security.serverKeyStore(), security.storePassword(),
              security.caCertificate(), StackSecurity.ADMIN, security.password(StackSecurity.ADMIN)),
          overrides), config);
    }
    if (!Files.exists(dataDir.resolve("meta.properties"))) {
      format(config);
    }
    return ChildJvm.launch(spec("Kafka broker", "kafka",
        JvmOptions.of(maxHeap, fastStartup), "kafka.Kafka", List.of(config.toString())));
  }

  /**
   * Ready once a client can describe the cluster. A secure broker is first reached as the admin on
   * its internal listener, which creates (or updates) every user's SCRAM credentials; it is ready
   * once the admin authenticates with SCRAM on the client port.
   */
  @Override
  protected void awaitReady(ChildJvm child, int port, Duration timeout) {
    if (security == null) {
      try (Probes.KafkaReadiness ready = Probes.kafkaReadiness("localhost:" + port, Map.of())) {
        child.awaitReady(ready, timeout);
      }
      return;
    }
    Map<String, Object> internal = adminOverInternalListener();
    try (Probes.KafkaReadiness ready = Probes.kafkaReadiness("127.0.0.1:" + internalPort, internal)) {
      child.awaitReady(ready, timeout);
    }
    ScramUsers.upsert("127.0.0.1:" + internalPort, internal, security, timeout);
    try (Probes.KafkaReadiness ready = Probes.kafkaReadiness("localhost:" + port,
        new HashMap<>(security.clientProperties(StackSecurity.ADMIN)))) {
      child.awaitReady(ready, timeout);
    }
  }

  private Map<String, Object> adminOverInternalListener() {
    Map<String, Object> p = new HashMap<>(security.tlsClientProperties());
    p.put("sasl.mechanism", "PLAIN");
    p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + StackSecurity.ADMIN + "\" password=\"" + security.password(StackSecurity.ADMIN) + "\";");
    return p;
  }

  private void format(Path config) {
    emptyDataDirectory();
    ChildJvm.runToCompletion(spec("Kafka storage format", "kafka-storage", JvmOptions.of("256m", true),
            "kafka.tools.StorageTool",
            List.of("format", "--config", config.toString(), "--cluster-id", Uuid.randomUuid().toString())),
        startTimeout());
  }

  /** A data directory without meta.properties holds at most debris of a format that died. */
  private void emptyDataDirectory() {
    Path dataDir = workDir().resolve("data");
    Dirs.deleteRecursively(dataDir);
    Dirs.create(dataDir);
  }

  private ChildJvm.Spec spec(String name, String kind, List<String> jvmOptions, String mainClass, List<String> args) {
    return new ChildJvm.Spec(name, kind, layout.classDataDir(), jvmOptions, classpath(), mainClass, args,
        workDir(), logFile(), supervision);
  }

  private List<Path> classpath() {
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(layout.kafkaLibs(), "*.jar")) {
      dir.forEach(jars::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + layout.kafkaLibs() + ": " + e.getMessage(), e);
    }
    jars.sort(null);
    return jars;
  }

  /** The security of a broker started secure; empty for a plaintext one. */
  public java.util.Optional<StackSecurity> security() {
    return java.util.Optional.ofNullable(security);
  }

  /** {@code localhost:PORT}. */
  public synchronized String bootstrapServers() {
    return "localhost:" + port();
  }

  /** Options of a broker ({@code 768m} of heap by default); only the work directory is required. */
  public static final class Builder extends ChildService.Options<Builder> {
    private Builder() {
      super("Kafka", "768m", DEFAULT_START_TIMEOUT);
    }

    public KafkaBroker build() {
      return new KafkaBroker(this);
    }
  }
}
