package dev.jobpipe.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /metrics} (Prometheus text), {@code /health/live} and {@code /health/ready} for a
 * long-running jobpipe process. Uses the JDK's HTTP server: three fixed endpoints do not justify a
 * web framework in every worker image.
 */
public final class MetricsServer implements AutoCloseable {

  private final HttpServer server;
  private final PrometheusMeterRegistry registry;

  private MetricsServer(HttpServer server, PrometheusMeterRegistry registry) {
    this.server = server;
    this.registry = registry;
  }

  /**
   * Every {@code jobpipe.*} timer publishes a percentile histogram from 1 ms to 1 h: dashboards and
   * alerts compute percentiles with {@code histogram_quantile} over the {@code _bucket} series summed
   * across replicas, which needs the same buckets in every process, and waits include retry delays
   * of minutes (Micrometer's own timer range ends at 30 s).
   */
  private static final MeterFilter JOBPIPE_TIMER_HISTOGRAMS = new MeterFilter() {
    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
      if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("jobpipe.")) {
        return config;
      }
      return DistributionStatisticConfig.builder()
          .percentilesHistogram(true)
          .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
          .maximumExpectedValue((double) Duration.ofHours(1).toNanos())
          .build()
          .merge(config);
    }
  };

  /** A Prometheus registry with jobpipe's histogram defaults, for a process to record into. */
  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(JOBPIPE_TIMER_HISTOGRAMS);
    return registry;
  }

  /**
   * Starts serving on {@code port} (0 picks a free one). Throws {@link UncheckedIOException} naming
   * the port when it is taken.
   */
  public static MetricsServer start(int port, PrometheusMeterRegistry registry, HealthState health) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
    }
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "jobpipe-metrics-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext("/health/live", ex -> health(ex, health::live));
    server.createContext("/health/ready", ex -> health(ex, health::ready));
    server.start();
    return new MetricsServer(server, registry);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private static void health(HttpExchange ex, BooleanSupplier check) throws IOException {
    boolean ok = check.getAsBoolean();
    respond(ex, ok ? 200 : 503, "application/json", ok ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
  }

  private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
