package dev.jobpipe.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesPrometheusNamesOfTheDesign() throws Exception {
    var registry = MetricsServer.newRegistry();
    registry.counter(MetricNames.JOBS, MetricNames.TAG_TYPE, "email", MetricNames.TAG_OUTCOME, "succeeded").increment();
    try (MetricsServer server = MetricsServer.start(0, registry, new HealthState())) {
      HttpResponse<String> metrics = get(server, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("jobpipe_jobs_total{outcome=\"succeeded\",type=\"email\"} 1.0");
    }
  }

  @Test
  void jobpipeTimersPublishHistogramBucketsUpToAnHour() {
    var registry = MetricsServer.newRegistry();
    Timer.builder(MetricNames.JOB_WAIT).tag(MetricNames.TAG_TYPE, "email").register(registry)
        .record(Duration.ofMinutes(10));
    Timer.builder("other.timer").register(registry).record(Duration.ofSeconds(1));

    String scrape = registry.scrape();
    double largestBound = scrape.lines()
        .filter(line -> line.startsWith("jobpipe_job_wait_seconds_bucket{"))
        .map(line -> line.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
        .filter(le -> !le.equals("+Inf"))
        .mapToDouble(Double::parseDouble)
        .max().orElseThrow(() -> new AssertionError("no jobpipe_job_wait_seconds_bucket in\n" + scrape));
    assertThat(largestBound).isGreaterThan(1800.0).isLessThanOrEqualTo(3600.0);
    assertThat(scrape).contains("jobpipe_job_wait_seconds_bucket{type=\"email\",le=\"+Inf\"} 1");
    assertThat(scrape).doesNotContain("other_timer_seconds_bucket");
  }

  @Test
  void readinessFollowsHealthState() throws Exception {
    HealthState health = new HealthState();
    try (MetricsServer server = MetricsServer.start(0, MetricsServer.newRegistry(), health)) {
      assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(server, "/health/ready").statusCode()).isEqualTo(503);
      health.setReady(true);
      assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
      health.setLive(false);
      assertThat(get(server, "/health/live").statusCode()).isEqualTo(503);
    }
  }

  @Test
  void takenPortIsAClearError() {
    try (MetricsServer first = MetricsServer.start(0, MetricsServer.newRegistry(), new HealthState())) {
      assertThatThrownBy(() -> MetricsServer.start(first.port(), MetricsServer.newRegistry(), new HealthState()))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("port " + first.port());
    }
  }
}
