package dev.jobpipe.router;

import dev.jobpipe.observability.HealthState;
import dev.jobpipe.router.internal.CleanShutdownMarker;
import dev.jobpipe.router.internal.ForwarderLoop;
import dev.jobpipe.router.internal.HostInstanceId;
import dev.jobpipe.router.internal.RouterMetrics;
import dev.jobpipe.router.internal.RoutingSupervisor;
import dev.jobpipe.router.internal.RoutingTopology;
import dev.jobpipe.router.internal.TierForwarder;
import dev.jobpipe.router.internal.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One router process: the routing (Kafka Streams, exactly-once v2, from every {@code jobs.*.failed}
 * topic to a retry tier or the DLQ), the tier forwarder (every {@code jobs.*.retry.*} topic back to
 * {@code jobs.T} when due), and the topic provisioner (missing tier and DLQ topics). Several
 * instances with the same {@code application.id} share the work by partitions.
 *
 * <p>Lifecycle, shared with the other jobpipe components: {@link Builder#build()} creates the
 * clients, {@link #start()} starts the routing, forwarder and provisioner, {@link #close()} stops
 * them gracefully (idempotent, each part bounded by 30 s), {@link #awaitTermination(Duration)}
 * waits for the router to stop, and try-with-resources closes it. {@link #health()} is ready while
 * the routing is running and the forwarder has its assignment; {@link #termination()} completes
 * when the router is closed, or exceptionally when a part of it fails (the process should then exit
 * and be restarted). A transient failure of either part (a broker outage, a rebalance that finds
 * topics missing right after the broker's return) does not stop the router: that part is restarted
 * with backoff in the process (see {@code RouterFailures}); only a failure a restart cannot cure
 * (refused credentials, a second process with the same instance id) completes the termination.
 */
public final class RetryRouter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RetryRouter.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final RouterConfig config;
  private final HealthState health;
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private final HostInstanceId hostInstanceId;
  private final RoutingSupervisor routing;
  private final ForwarderLoop forwarder;
  private final Thread forwarderThread;
  private final ScheduledExecutorService provisioning;
  private final Admin admin;
  private final TopicProvisioner provisioner;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CleanShutdownMarker shutdownMarker;
  private volatile boolean closing;

  private RetryRouter(Builder b) {
    // without --instance-id, the host name and a per-host slot give a stable one (see HostInstanceId)
    this.hostInstanceId = b.config.staticMembership() ? null : HostInstanceId.acquire(b.config.applicationId()).orElse(null);
    this.config = hostInstanceId == null ? b.config : b.config.withInstanceId(hostInstanceId.id());
    this.health = b.health;
    RouterMetrics metrics = new RouterMetrics(b.registry);
    RoutingDecider decider = b.decider != null
        ? b.decider
        : new DefaultRoutingDecider(b.policies, b.clock, threadSafeRandom());
    Map<String, Object> streamsProperties = config.streamsProperties();
    this.routing = new RoutingSupervisor(
        () -> new KafkaStreams(RoutingTopology.build(decider, b.clock, config.dedupeWindow(), metrics),
            new StreamsConfig(streamsProperties)),
        this::fail, this::updateHealth, metrics, b.clock, CLOSE_TIMEOUT);
    this.shutdownMarker = new CleanShutdownMarker(config.getString(RouterConfig.STATE_DIR_CONFIG), config.applicationId());
    this.forwarder = new ForwarderLoop(
        () -> new KafkaConsumer<>(config.forwarderConsumerProperties()),
        consumer -> new TierForwarder(
            consumer,
            () -> new KafkaProducer<>(config.forwarderProducerProperties()),
            b.clock,
            metrics,
            config.forwarderMaxBatch(),
            config.forwarderMaxWindow(),
            config.forwarderIdlePoll()),
        this::fail, this::updateHealth, metrics, b.clock);
    this.forwarderThread = new Thread(forwarder, "jobpipe-forwarder");
    if (config.createTopics()) {
      this.admin = Admin.create(config.adminProperties());
      this.provisioning = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jobpipe-topic-provisioner");
        t.setDaemon(true);
        return t;
      });
      this.provisioner = new TopicProvisioner(admin, b.policies, config.topicReplicationFactor());
    } else {
      this.admin = null;
      this.provisioning = null;
      this.provisioner = null;
    }
  }

  public static Builder builder(RouterConfig config) {
    return new Builder(config);
  }

  /** Liveness and readiness of this router, for {@code /health/*}. */
  public HealthState health() {
    return health;
  }

  /** Completes when closed; completes exceptionally with the cause when routing or forwarding fails. */
  public CompletableFuture<Void> termination() {
    return termination;
  }

  /**
   * Waits until the router has stopped, by {@link #close()} or a failure of one of its parts; true
   * if it did within {@code timeout}.
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    try {
      termination.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException failed) {
      // stopped by a failure: see failure()
    } catch (TimeoutException notYet) {
      return false;
    }
    return true;
  }

  /** Whether the router has stopped. */
  public boolean terminated() {
    return termination.isDone();
  }

  /** The failure that stopped a part of the router on its own, if any. */
  public Optional<Throwable> failure() {
    if (!termination.isCompletedExceptionally()) {
      return Optional.empty();
    }
    try {
      termination.join();
      return Optional.empty();
    } catch (CompletionException | CancellationException e) {
      return Optional.of(e.getCause() != null ? e.getCause() : e);
    }
  }

  public RouterConfig config() {
    return config;
  }

  /**
   * Starts routing, forwarding and provisioning; returns at once. Throws
   * {@link IllegalStateException} when called twice or after {@link #close()}.
   */
  public void start() {
    if (closing || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("retry router " + config.applicationId() + " was already started or closed");
    }
    try {
      startParts();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startParts() {
    boolean crashed = shutdownMarker.previousRunCrashed();
    if (crashed) {
      log.warn("the previous router {} did not stop cleanly ({} exists): wiping its local state,"
          + " which is restored from the changelog", config.applicationId(), shutdownMarker.file());
    }
    shutdownMarker.running();
    if (provisioning != null) {
      provisioning.scheduleWithFixedDelay(() -> provision(provisioner), 0,
          config.topicRefresh().toMillis(), TimeUnit.MILLISECONDS);
    }
    routing.start(crashed);
    forwarderThread.start();
    log.info("retry router {} started (instance {})", config.applicationId(), config.instanceId());
  }

  private void provision(TopicProvisioner provisioner) {
    try {
      provisioner.provision();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("cannot check for missing retry and DLQ topics: {}", e.toString());
    }
  }

  private void updateHealth() {
    boolean failed = termination.isCompletedExceptionally();
    health.setLive(!failed);
    health.setReady(!failed && !closing && routing.ready() && forwarder.ready());
  }

  private void fail(Throwable cause) {
    if (!closing && termination.completeExceptionally(cause)) {
      log.error("retry router failed: {}", cause.toString(), cause);
    }
    updateHealth();
  }

  /** Stops the forwarder, the routing and the provisioner; waits up to 30 s for each. */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    health.setReady(false);
    // a host-derived instance id is not this instance's for good (a Deployment's next pod has
    // another name): leave the groups so the partitions move now, not after the session timeout
    boolean leave = hostInstanceId != null;
    forwarder.stop(leave);
    if (forwarderThread.isAlive()) {
      try {
        forwarderThread.join(CLOSE_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (routing.close(leave) && started.get()) {
      shutdownMarker.stopped();
    }
    if (provisioning != null) {
      provisioning.shutdownNow();
      admin.close(Duration.ofSeconds(5));
    }
    if (hostInstanceId != null) {
      hostInstanceId.close();
    }
    termination.complete(null);
    log.info("retry router {} stopped", config.applicationId());
  }

  /** Shared by every stream thread; each draws from its own thread-local generator. */
  private static RandomGenerator threadSafeRandom() {
    return () -> ThreadLocalRandom.current().nextLong();
  }

  /** Assembles a router; {@link #build()} creates it, unstarted. */
  public static final class Builder {
    private final RouterConfig config;
    private RetryPolicies policies = RetryPolicies.defaultsOnly();
    private MeterRegistry registry = new SimpleMeterRegistry();
    private Clock clock = Clock.systemUTC();
    private RoutingDecider decider;
    private HealthState health = new HealthState();

    private Builder(RouterConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    public Builder policies(RetryPolicies value) {
      this.policies = Objects.requireNonNull(value, "policies");
      return this;
    }

    public Builder meterRegistry(MeterRegistry value) {
      this.registry = Objects.requireNonNull(value, "meterRegistry");
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Replaces the policy-driven {@link DefaultRoutingDecider}. */
    public Builder decider(RoutingDecider value) {
      this.decider = Objects.requireNonNull(value, "decider");
      return this;
    }

    public Builder health(HealthState value) {
      this.health = Objects.requireNonNull(value, "health");
      return this;
    }

    /** Creates the router and its clients; {@link RetryRouter#start()} starts it. */
    public RetryRouter build() {
      return new RetryRouter(this);
    }
  }
}
