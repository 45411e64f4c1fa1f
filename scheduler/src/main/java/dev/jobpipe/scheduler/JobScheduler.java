package dev.jobpipe.scheduler;

import dev.jobpipe.observability.HealthState;
import dev.jobpipe.scheduler.internal.ClockTime;
import dev.jobpipe.scheduler.internal.SchedulerMetrics;
import dev.jobpipe.scheduler.internal.SchedulerTopology;
import dev.jobpipe.schemas.streams.StreamsReadiness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler service, embeddable in any JVM: a Kafka Streams application (exactly-once v2) that
 * moves one-off jobs from every {@code jobs.T.scheduled} to {@code jobs.T} at their due time and
 * fires the recurring schedules of {@code jobpipe.cron}. Several instances with the same
 * {@code application.id} share the partitions; standby replicas keep warm copies of the stores.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} (idempotent, bounded by 30 s) or
 * {@link #close(Duration)}; {@link #awaitTermination(Duration)} and {@link #termination()} report
 * the end, exceptional when the Streams application failed (the process should then exit and be
 * restarted). {@link #health()} is ready while the application is running.
 */
public final class JobScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);
  private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final SchedulerConfig config;
  private final HealthState health;
  private final KafkaStreams streams;
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private volatile boolean started;
  private volatile boolean closing;
  private final StreamsReadiness readiness = new StreamsReadiness();

  private JobScheduler(Builder b) {
    this.config = b.config;
    this.health = b.health;
    SchedulerMetrics metrics = new SchedulerMetrics(b.registry);
    this.streams = new KafkaStreams(SchedulerTopology.build(config.applicationId(), metrics,
        config.forwardBatchMax(), config.cronMisfireGrace(), config.overlapSkipEnabled()),
        new StreamsConfig(config.streamsProperties()),
        b.clock == null ? Time.SYSTEM : new ClockTime(b.clock));
  }

  public static Builder builder(SchedulerConfig config) {
    return new Builder(config);
  }

  public SchedulerConfig config() {
    return config;
  }

  /**
   * The Kafka Streams client's metrics (stream thread, task, store, producer and consumer
   * metrics, as {@link KafkaStreams#metrics()}), e.g. commit and punctuation latency when looking
   * for the cause of lateness.
   */
  public Map<MetricName, ? extends Metric> streamsMetrics() {
    return streams.metrics();
  }

  /** Liveness and readiness, for {@code /health/*}. */
  public HealthState health() {
    return health;
  }

  /** Completes when closed; exceptionally with the cause when the Streams application failed. */
  public CompletableFuture<Void> termination() {
    return termination;
  }

  /**
   * Creates {@code jobpipe.cron} and this application's fire-ends topic if missing (unless
   * {@code topics.create=false}) and starts the
   * Streams application. Throws {@link IllegalStateException} when called twice or after close.
   */
  public synchronized void start() {
    if (started || closing) {
      throw new IllegalStateException("the scheduler was already started or closed");
    }
    started = true;
    if (config.createTopics()) {
      try (Admin admin = Admin.create(config.adminProperties())) {
        if (CronTopic.ensure(admin, config.topicReplicationFactor())) {
          log.info("created topic {}", dev.jobpipe.schemas.JobTopics.CRON);
        }
        String fireEnds = SchedulerTopology.fireEndsTopic(config.applicationId());
        if (CronTopic.ensureFireEnds(admin, fireEnds, config.topicReplicationFactor())) {
          log.info("created topic {}", fireEnds);
        }
      }
    }
    streams.setStateListener((newState, oldState) -> {
      if (newState == KafkaStreams.State.ERROR) {
        fail(new IllegalStateException("the scheduler (Kafka Streams) stopped with an error"));
      }
      updateHealth(newState);
    });
    streams.setUncaughtExceptionHandler(e -> {
      fail(e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.start();
    log.info("scheduler {} started (instance {})", config.applicationId(), config.instanceId());
  }

  private void updateHealth(KafkaStreams.State state) {
    boolean failed = termination.isCompletedExceptionally();
    health.setLive(!failed);
    boolean ready = readiness.ready(state);
    health.setReady(!failed && !closing && ready);
  }

  private void fail(Throwable cause) {
    if (!closing && termination.completeExceptionally(cause)) {
      log.error("scheduler failed: {}", cause.toString(), cause);
    }
    health.setLive(false);
    health.setReady(false);
  }

  /** Closes with a 30 s bound. */
  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }

  /** Stops the Streams application, waiting at most {@code timeout}; idempotent. */
  public void close(Duration timeout) {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    health.setReady(false);
    if (!streams.close(timeout)) {
      log.warn("scheduler {} did not stop within {}", config.applicationId(), timeout);
    }
    termination.complete(null);
    log.info("scheduler {} stopped", config.applicationId());
  }

  /**
   * Waits up to {@code timeout} for the scheduler to end; true when it ended (closed or failed),
   * false on timeout.
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    try {
      termination.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  /** Assembles a scheduler; {@link #build()} or {@link #start()}. */
  public static final class Builder {
    private final SchedulerConfig config;
    private MeterRegistry registry = new SimpleMeterRegistry();
    private HealthState health = new HealthState();
    private Clock clock;

    private Builder(SchedulerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    public Builder meterRegistry(MeterRegistry value) {
      this.registry = Objects.requireNonNull(value, "meterRegistry");
      return this;
    }

    public Builder health(HealthState value) {
      this.health = Objects.requireNonNull(value, "health");
      return this;
    }

    /**
     * The clock that due times and fire times are compared with: the system clock unless set. It
     * must move forward with real time (Kafka Streams measures its commit and poll intervals with
     * it); a clock set ahead or behind lets a test reach a date such as a DST transition.
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** The scheduler, not started. */
    public JobScheduler build() {
      return new JobScheduler(this);
    }

    /** Builds and starts the scheduler; closes it again if the start fails. */
    public JobScheduler start() {
      JobScheduler scheduler = build();
      try {
        scheduler.start();
      } catch (RuntimeException e) {
        scheduler.close();
        throw e;
      }
      return scheduler;
    }
  }
}
