package dev.jobpipe.ledger;

import dev.jobpipe.ledger.internal.JsonHttpServer;
import dev.jobpipe.ledger.internal.LedgerMetrics;
import dev.jobpipe.ledger.internal.LedgerQueries;
import dev.jobpipe.ledger.internal.LedgerRoutes;
import dev.jobpipe.ledger.internal.LedgerTopology;
import dev.jobpipe.observability.HealthState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job ledger service: a Kafka Streams application that folds every event of every job type
 * into one state per job id (RocksDB, changelogged), and the HTTP API that answers for it ({@code
 * GET /jobs/{id}}, {@code /jobs/{id}/wait}, {@code /jobs}, plus {@code /metrics} and {@code
 * /health/*}). Run several instances with the same application id to share the work: any instance
 * answers any query.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #close()} is idempotent and bounded (30 s);
 * {@link #awaitTermination(Duration)} waits for it.
 */
public final class JobLedger implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JobLedger.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final JobLedgerConfig config;
  private final MeterRegistry registry;
  private final Supplier<String> metricsScrape;
  private final Clock clock;
  private final HealthState health = new HealthState();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private volatile KafkaStreams streams;
  private volatile JsonHttpServer http;
  private volatile LedgerQueries queries;
  private volatile URI url;
  /** What ended a stream thread, if anything: the cause the termination reports (e.g. a refused ACL). */
  private volatile Throwable streamFailure;
  private boolean started;
  private boolean closed;

  /**
   * @param registry where the {@code jobpipe_ledger_*} meters go
   * @param metricsScrape what {@code GET /metrics} answers, e.g. a Prometheus registry's scrape
   */
  public JobLedger(JobLedgerConfig config, MeterRegistry registry, Supplier<String> metricsScrape) {
    this(config, registry, metricsScrape, Clock.systemUTC());
  }

  JobLedger(JobLedgerConfig config, MeterRegistry registry, Supplier<String> metricsScrape, Clock clock) {
    this.config = config;
    this.registry = registry;
    this.metricsScrape = metricsScrape;
    this.clock = clock;
  }

  /** A ledger with its own in-memory meter registry and an empty {@code /metrics}. */
  public JobLedger(Map<String, ?> properties) {
    this(new JobLedgerConfig(properties), new SimpleMeterRegistry(), () -> "");
  }

  /** Starts the HTTP API, then the Streams application. Throws if called twice or after close. */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException(closed ? "ledger closed" : "ledger already started");
    }
    started = true;
    LedgerMetrics metrics = new LedgerMetrics(registry);
    // the routes exist before the port, and so this instance's advertised address, is known
    http = JsonHttpServer.start(config.httpHost(), config.httpPort(),
        routing -> new LedgerRoutes(() -> queries, config.waitMax()).register(routing), metricsScrape, health);
    String host = config.advertisedHost();
    queries = new LedgerQueries(() -> streams, new HostInfo(host, http.port()),
        LedgerTopology.repartitionTopic(config.applicationId()));
    url = URI.create("http://" + host + ":" + http.port());
    streams = new KafkaStreams(LedgerTopology.build(config.partitions(), config.retention(),
        config.retentionCheckInterval(), config.types(), clock, metrics), new StreamsConfig(config.streamsProperties(http.port())));
    streams.setStateListener((now, before) -> {
      health.setReady(now == KafkaStreams.State.RUNNING);
      health.setLive(now != KafkaStreams.State.ERROR && now != KafkaStreams.State.PENDING_ERROR);
      log.info("ledger {} -> {}", before, now);
      if (now == KafkaStreams.State.ERROR) {
        Throwable cause = streamFailure;
        termination.completeExceptionally(new IllegalStateException("the ledger's Streams application failed"
            + (cause == null ? "" : ": " + rootMessage(cause)), cause));
      }
    });
    streams.setUncaughtExceptionHandler(e -> {
      streamFailure = e;
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    metrics.gauges(this::jobsHeld, this::lag);
    health.setLive(true);
    streams.start();
    log.info("job ledger started: {} serving {}", config, url);
  }

  /** The message of the innermost cause: Streams wraps what the broker said (e.g. "Not authorized to access group"). */
  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(t.getMessage());
    return root == t || message.contains(String.valueOf(root.getMessage())) ? message : message + " (" + root + ")";
  }

  /** Where this instance's HTTP API is, e.g. {@code http://host:9410}. */
  public URI url() {
    return url;
  }

  /** The state of the Streams application; {@code CREATED} before start. */
  public KafkaStreams.State state() {
    KafkaStreams s = streams;
    return s == null ? KafkaStreams.State.CREATED : s.state();
  }

  /** Stops the Streams application and the HTTP API; idempotent, bounded. */
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
      if (streams != null) {
        streams.close(CLOSE_TIMEOUT);
      }
    } finally {
      if (http != null) {
        http.close();
      }
      terminated.countDown();
      termination.complete(null);
    }
  }

  /** Completes when the ledger stopped: normally after {@link #close()}, exceptionally when it failed on its own. */
  public CompletableFuture<Void> termination() {
    return termination;
  }

  /** Waits until {@link #close()} finished; true when it did within {@code timeout}. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private double jobsHeld() {
    try {
      return streams.store(StoreQueryParameters.fromNameAndType(LedgerTopology.JOBS_STORE,
          QueryableStoreTypes.keyValueStore())).approximateNumEntries();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  private double lag() {
    double sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      MetricName name = e.getKey();
      if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
          && name.tags().containsKey("topic")) {
        Object value = e.getValue().metricValue();
        if (value instanceof Double d && !d.isNaN()) {
          sum += d;
        }
      }
    }
    return sum;
  }
}
