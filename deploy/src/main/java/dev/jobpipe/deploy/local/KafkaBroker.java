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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
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

  private final StackLayout layout;
  private final Supervision supervision;
  private final String maxHeap;
  private final boolean fastStartup;
  private final Map<String, String> overrides;
  private final Duration startTimeout;
  private final StackSecurity security;
  private int internalPort;

  private KafkaBroker(Builder b) {
    super("Kafka", Objects.requireNonNull(b.workDir, "workDir is required"), LOG_FILE, b.port, b.startTimeout,
        STOP_GRACE, b.onLaunch);
    this.layout = b.layout != null ? b.layout : StackLayout.locate();
    this.supervision = b.supervision;
    this.maxHeap = b.maxHeap;
    this.fastStartup = b.fastStartup;
    this.overrides = Map.copyOf(b.overrides);
    this.startTimeout = b.startTimeout;
    this.security = b.security;
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
        startTimeout);
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

  /** Options of a broker; only the work directory is required. */
  public static final class Builder {
    private StackLayout layout;
    private Path workDir;
    private int port;
    private Supervision supervision = Supervision.TIED;
    private String maxHeap = "768m";
    private boolean fastStartup;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Consumer<ProcessHandle> onLaunch = handle -> {};
    private StackSecurity security;

    private Builder() {}

    /**
     * Start secure: SASL/SCRAM-SHA-512 over TLS for clients, ACLs enforced, with the users and
     * certificates of {@code security}. Plaintext without ACLs by default.
     */
    public Builder security(StackSecurity security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    /** The stack to run from; {@link StackLayout#locate()} by default. */
    public Builder layout(StackLayout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    /** Holds {@code server.properties}, {@code broker.log} and {@code data/}. */
    public Builder workDir(Path workDir) {
      this.workDir = Objects.requireNonNull(workDir, "workDir");
      return this;
    }

    /** The client port; 0 (the default) picks a free one at the first start and keeps it. */
    public Builder port(int port) {
      if (port != 0) {
        Ports.requireValid(port, "Kafka port");
      }
      this.port = port;
      return this;
    }

    public Builder supervision(Supervision supervision) {
      this.supervision = Objects.requireNonNull(supervision, "supervision");
      return this;
    }

    /** The broker's {@code -Xmx}, e.g. {@code 768m} (the default). */
    public Builder maxHeap(String maxHeap) {
      this.maxHeap = JvmOptions.requireHeapSize(maxHeap, "Kafka max heap");
      return this;
    }

    /**
     * Trade peak throughput for start time and CPU (C1 compiler only, serial GC): right for tests
     * on a small machine, wrong for a benchmark. Off by default.
     */
    public Builder fastStartup(boolean fastStartup) {
      this.fastStartup = fastStartup;
      return this;
    }

    /** A broker property of our own, overriding the local defaults. */
    public Builder property(String key, String value) {
      overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder startTimeout(Duration startTimeout) {
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("start timeout must be positive, got " + startTimeout);
      }
      this.startTimeout = startTimeout;
      return this;
    }

    /** Called with the broker process as soon as it is launched, before it is ready. */
    public Builder onLaunch(Consumer<ProcessHandle> onLaunch) {
      this.onLaunch = Objects.requireNonNull(onLaunch, "onLaunch");
      return this;
    }

    public KafkaBroker build() {
      return new KafkaBroker(this);
    }
  }
}
