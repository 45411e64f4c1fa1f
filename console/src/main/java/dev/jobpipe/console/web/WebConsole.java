package dev.jobpipe.console.web;

import dev.jobpipe.console.JobControl;
import dev.jobpipe.console.JobControlConfig;
import dev.jobpipe.console.web.internal.AccessFilter;
import dev.jobpipe.console.web.internal.ControlStatesFollower;
import dev.jobpipe.console.web.internal.JobControlPlane;
import dev.jobpipe.console.web.internal.ConsoleMetrics;
import dev.jobpipe.console.web.internal.ControlPlane;
import dev.jobpipe.console.web.internal.ControlRoutes;
import dev.jobpipe.console.web.internal.DeadLetterRoutes;
import dev.jobpipe.console.web.internal.DeadLetters;
import dev.jobpipe.console.web.internal.JobRoutes;
import dev.jobpipe.console.web.internal.KafkaSampler;
import dev.jobpipe.console.web.internal.OverviewRoutes;
import dev.jobpipe.console.web.internal.PayloadMask;
import dev.jobpipe.console.web.internal.ScheduleRoutes;
import dev.jobpipe.console.web.internal.SessionRoutes;
import dev.jobpipe.console.web.internal.Sessions;
import dev.jobpipe.console.web.internal.UserDirectory;
import dev.jobpipe.console.web.internal.WorkerMetricsScraper;
import dev.jobpipe.dlq.DlqClients;
import dev.jobpipe.dlq.DlqConfig;
import dev.jobpipe.ledger.JobLedgerClient;
import dev.jobpipe.ledger.internal.JsonHttpServer;
import dev.jobpipe.observability.HealthState;
import dev.jobpipe.schemas.config.ClientConfigs;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import io.helidon.webserver.staticcontent.StaticContentService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console service: pages and a JSON API over Kafka (offsets, consumer groups, dead
 * letters), the schema registry, the job ledger, the scheduler's topics and the control plane, on
 * Helidon SE with the ledger's {@link JsonHttpServer} plumbing ({@code /metrics}, {@code /health/*}).
 *
 * <p>Lifecycle: {@link #start()} once (throws {@link ConfigException} naming the key when the users
 * cannot be read); {@link #close()} is idempotent and bounded; {@link #awaitTermination(Duration)}
 * waits for it.
 */
public final class WebConsole implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebConsole.class);
  private static final String ASSETS = "dev/jobpipe/console/web/assets";

  private final WebConsoleConfig config;
  private final MeterRegistry registry;
  private final Supplier<String> metricsScrape;
  private ControlPlane control;
  private final Clock clock;
  private final HealthState health = new HealthState();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final List<AutoCloseable> resources = new ArrayList<>();
  private volatile JsonHttpServer http;
  private boolean started;
  private boolean closed;

  /**
   * @param registry where the {@code jobpipe_console_*} meters go
   * @param metricsScrape what {@code GET /metrics} answers, e.g. a Prometheus registry's scrape
   */
  public WebConsole(WebConsoleConfig config, MeterRegistry registry, Supplier<String> metricsScrape) {
    this(config, registry, metricsScrape, null, Clock.systemUTC());
  }

  /** A console with its own in-memory meter registry and an empty {@code /metrics}. */
  public WebConsole(Map<String, ?> properties) {
    this(new WebConsoleConfig(properties), new SimpleMeterRegistry(), () -> "");
  }

  /** @param control the control plane to use; null for the real one on the console's cluster */
  WebConsole(WebConsoleConfig config, MeterRegistry registry, Supplier<String> metricsScrape, ControlPlane control,
      Clock clock) {
    this.config = config;
    this.registry = registry;
    this.metricsScrape = metricsScrape;
    this.control = control;
    this.clock = clock;
  }

  /** Reads the users, connects the clients, starts sampling and serving. Throws if called twice or after close. */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException(closed ? "console closed" : "console already started");
    }
    started = true;
    UserDirectory users = users(config);
    if (config.insecureNoAuth()) {
      log.warn("""

          ************************************************************************
          *  jobpipe console: AUTHENTICATION IS OFF (--insecure-no-auth).        *
          *  Anyone who reaches this port is an operator: local development only. *
          ************************************************************************""");
    }
    ConsoleMetrics metrics = new ConsoleMetrics(registry);
    Map<String, Object> clientProps = config.clientProperties();
    DlqConfig dlqConfig = new DlqConfig(clientProps);
    Admin admin = keep(DlqClients.admin(dlqConfig));
    SchemaRegistryClient schemaRegistry = keep(SchemaRegistryClient.create(ClientConfigs.registry(clientProps)));
    Producer<byte[], byte[]> producer = DlqClients.producer(dlqConfig);
    resources.add(() -> producer.close(Duration.ofSeconds(5)));
    if (control == null) {
      JobControlConfig controlConfig = new JobControlConfig(controlProperties(clientProps));
      JobControl jobControl = keep(JobControl.create(controlConfig).start());
      ControlStatesFollower follower = keep(new ControlStatesFollower(clientProps));
      follower.start();
      control = new JobControlPlane(jobControl, follower, controlConfig.cancelExpiry());
    }
    KafkaSampler sampler = keep(new KafkaSampler(admin, clientProps, config.forwarderGroupId(), config.sampleInterval(),
        config.apiTimeout(), metrics, clock));
    WorkerMetricsScraper workerMetrics = keep(new WorkerMetricsScraper(config.metricsUrls(), Duration.ofSeconds(3), clock));
    DeadLetters letters = keep(new DeadLetters(dlqConfig, admin, schemaRegistry, PayloadMask.of(config.maskFields()), clock));
    URI ledgerUrl = URI.create(config.ledgerUrl());
    JobLedgerClient ledger = keep(new JobLedgerClient(ledgerUrl));
    Sessions sessions = new Sessions(config.sessionTimeout(), clock);
    AccessFilter access = new AccessFilter(users, sessions, config.insecureNoAuth(), metrics);
    StaticContentService assets = StaticContentService.builder(ASSETS, WebConsole.class.getClassLoader())
        .welcomeFileName("index.html").build();
    http = JsonHttpServer.start(config.httpHost(), config.httpPort(), routing -> {
      routing.addFilter(access);
      new SessionRoutes(users, sessions, config.insecureNoAuth(), metrics).register(routing);
      new OverviewRoutes(sampler, workerMetrics, control).register(routing);
      new DeadLetterRoutes(letters, metrics, clock).register(routing);
      new ControlRoutes(control, metrics).register(routing);
      new JobRoutes(ledger, ledgerUrl).register(routing);
      new ScheduleRoutes(clientProps, config.schedulerApplicationId(), producer, config.apiTimeout(), metrics, clock)
          .register(routing);
      routing.any("/api/*", JsonHttpServer.json(req -> {
        throw new dev.jobpipe.ledger.internal.HttpProblem(404, "no such API: " + req.prologue().method().text()
            + " " + req.path().path());
      }));
      routing.register("/", assets);
    }, metricsScrape, health);
    sampler.start();
    workerMetrics.start(config.sampleInterval());
    health.setLive(true);
    health.setReady(true);
    log.info("jobpipe console started: {} at {} ({})", config, url(), users);
  }

  /** The control client's settings: the cluster, and writes that wait no longer than the console's API timeout. */
  private Map<String, Object> controlProperties(Map<String, Object> clientProps) {
    Map<String, Object> props = new java.util.HashMap<>(clientProps);
    props.put(JobControlConfig.TIMEOUT_MS_CONFIG, config.apiTimeout().toMillis());
    return props;
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  /** The users of {@code config}: its file and inline entries; a {@link ConfigException} naming the key otherwise. */
  static UserDirectory users(WebConsoleConfig config) {
    List<String> lines = new ArrayList<>();
    String file = config.usersFile();
    if (file != null) {
      try {
        lines.addAll(Files.readAllLines(Path.of(file)));
      } catch (IOException e) {
        throw new ConfigException(WebConsoleConfig.AUTH_USERS_FILE_CONFIG, file, "cannot read it: " + e.getMessage());
      }
    }
    if (config.inlineUsers() != null) {
      lines.addAll(config.inlineUsers().value().lines().toList());
    }
    UserDirectory users;
    try {
      users = UserDirectory.parse(lines);
    } catch (IllegalArgumentException e) {
      String key = file != null ? WebConsoleConfig.AUTH_USERS_FILE_CONFIG : WebConsoleConfig.AUTH_USERS_CONFIG;
      throw new ConfigException(key, file != null ? file : "(hidden)", e.getMessage());
    }
    if (users.isEmpty() && !config.insecureNoAuth()) {
      throw new ConfigException(WebConsoleConfig.AUTH_USERS_FILE_CONFIG, file, "lists no user and no token");
    }
    return users;
  }

  /** A bcrypt hash of {@code password} for a users-file entry {@code NAME:ROLE:HASH}. */
  public static String hashPassword(String password) {
    return UserDirectory.hashPassword(password);
  }

  /** The {@code sha256:HEX} form of a bearer {@code token} for a users-file entry. */
  public static String hashToken(String token) {
    return UserDirectory.hashToken(token);
  }

  /** Where the console is, e.g. {@code http://localhost:9500}; null before start. */
  public URI url() {
    JsonHttpServer h = http;
    if (h == null) {
      return null;
    }
    String host = config.httpHost().equals("0.0.0.0") ? "localhost" : config.httpHost();
    return URI.create("http://" + host + ":" + h.port());
  }

  /** Stops serving and sampling and closes the clients; idempotent, bounded by the clients' close timeouts. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    health.setReady(false);
    try {
      if (http != null) {
        http.close();
      }
    } finally {
      for (int i = resources.size() - 1; i >= 0; i--) {
        try {
          resources.get(i).close();
        } catch (Exception e) {
          log.warn("console: closing {} failed: {}", resources.get(i), e.toString());
        }
      }
      terminated.countDown();
    }
  }

  /** Waits until {@link #close()} finished; true when it did within {@code timeout}. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
