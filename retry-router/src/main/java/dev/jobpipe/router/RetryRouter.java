package dev.jobpipe.router;

import dev.jobpipe.observability.HealthState;
import dev.jobpipe.router.internal.CleanShutdownMarker;
import dev.jobpipe.router.internal.RouterMetrics;
import dev.jobpipe.router.internal.RoutingTopology;
import dev.jobpipe.router.internal.TierForwarder;
import dev.jobpipe.router.internal.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
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
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
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
 * and be restarted).
 */
public final class RetryRouter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RetryRouter.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final RouterConfig config;
  private final HealthState health;
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private final KafkaStreams streams;
  private final KafkaConsumer<byte[], byte[]> forwarderConsumer;
  private final TierForwarder forwarder;
  private final Thread forwarderThread;
  private final ScheduledExecutorService provisioning;
  private final Admin admin;
  private final TopicProvisioner provisioner;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean closing;
  private volatile boolean streamsReady;
  private volatile boolean streamsWasRunning;

  private RetryRouter(Builder b) {
    this.config = b.config;
    this.health = b.health;
    RouterMetrics metrics = new RouterMetrics(b.registry);
    RoutingDecider decider = b.decider != null
        ? b.decider
        : new DefaultRoutingDecider(b.policies, b.clock, threadSafeRandom());
    this.streams = new KafkaStreams(
        RoutingTopology.build(decider, b.clock, config.dedupeWindow(), metrics),
        toProperties(config.streamsProperties()));
    this.shutdownMarker = new CleanShutdownMarker(config.getString(RouterConfig.STATE_DIR_CONFIG), config.applicationId());
    this.forwarderConsumer = new KafkaConsumer<>(config.forwarderConsumerProperties());
    this.forwarder = new TierForwarder(
        forwarderConsumer,
        () -> new KafkaProducer<>(config.forwarderProducerProperties()),
        b.clock,
        metrics,
        config.forwarderMaxBatch(),
        config.forwarderMaxWindow(),
        config.forwarderIdlePoll());
    this.forwarderThread = new Thread(this::runForwarder, "jobpipe-forwarder");
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

  private final CleanShutdownMarker shutdownMarker;

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
    streams.setStateListener((newState, oldState) -> {
      if (newState == KafkaStreams.State.RUNNING) {
        streamsWasRunning = true;
      }
      streamsReady = newState == KafkaStreams.State.RUNNING
          || (newState == KafkaStreams.State.REBALANCING && streamsWasRunning);
      if (newState == KafkaStreams.State.ERROR) {
        fail(new IllegalStateException("the routing (Kafka Streams) stopped with an error"));
      }
      updateHealth();
    });
    streams.setUncaughtExceptionHandler(e -> {
      fail(e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    if (shutdownMarker.previousRunCrashed()) {
      log.warn("the previous router {} did not stop cleanly ({} exists): wiping its local state,"
          + " which is restored from the changelog", config.applicationId(), shutdownMarker.file());
      streams.cleanUp();
    }
    shutdownMarker.running();
    if (provisioning != null) {
      provisioning.scheduleWithFixedDelay(() -> provision(provisioner), 0,
          config.topicRefresh().toMillis(), TimeUnit.MILLISECONDS);
    }
    streams.start();
    forwarderThread.start();
    log.info("retry router {} started (instance {})", config.applicationId(), config.instanceId());
  }

  private void runForwarder() {
    try {
      forwarder.init();
      while (!closing) {
        forwarder.runOnce();
        updateHealth();
      }
    } catch (WakeupException e) {
      if (!closing) {
        fail(e);
      }
    } catch (Throwable t) {
      fail(t);
    } finally {
      forwarder.closeProducer();
      forwarderConsumer.close(Duration.ofSeconds(10));
    }
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
    health.setReady(!failed && !closing && streamsReady && forwarder.ready());
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
    if (forwarderThread.isAlive() || started.get()) {
      forwarder.stop();
      forwarderConsumer.wakeup();
      try {
        forwarderThread.join(CLOSE_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      forwarder.closeProducer();
      forwarderConsumer.close(Duration.ofSeconds(10));
    }
    if (streams.close(CLOSE_TIMEOUT) && started.get()) {
      shutdownMarker.stopped();
    }
    if (provisioning != null) {
      provisioning.shutdownNow();
      admin.close(Duration.ofSeconds(5));
    }
    termination.complete(null);
    log.info("retry router {} stopped", config.applicationId());
  }

  private static java.util.Properties toProperties(java.util.Map<String, Object> map) {
    java.util.Properties props = new java.util.Properties();
    props.putAll(map);
    return props;
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
