package dev.jobpipe.console.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WorkerMetricsScraperTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static String scrape(double fast, double slow, double inflight) {
    return """
        # HELP jobpipe_inflight jobs running
        # TYPE jobpipe_inflight gauge
        jobpipe_inflight{type="email.send",instance="w1"} %s
        jobpipe_job_duration_seconds_bucket{type="email.send",le="0.01"} %s
        jobpipe_job_duration_seconds_bucket{type="email.send",le="0.1"} %s
        jobpipe_job_duration_seconds_bucket{type="email.send",le="+Inf"} %s
        jobpipe_job_duration_seconds_count{type="email.send"} %s
        jobpipe_job_wait_seconds_bucket{type="email.send",le="1.0"} %s
        jobpipe_job_wait_seconds_bucket{type="email.send",le="+Inf"} %s
        jobpipe_jobs_total{type="email.send",outcome="succeeded"} 12.0
        """.formatted(inflight, fast, fast + slow, fast + slow, fast + slow, fast + slow, fast + slow);
  }

  @Test
  void quantilesComeFromTheBucketsThatGrewInTheWindowSummedOverEndpoints() {
    WorkerMetricsScraper s = new WorkerMetricsScraper(java.util.List.of(), java.time.Duration.ofSeconds(1), java.time.Clock.systemUTC());
    s.add(WorkerMetricsScraper.parse(scrape(1000, 0, 0), T0));
    // two endpoints in the second scrape: 100 more fast and 100 slow jobs in all
    s.add(WorkerMetricsScraper.parse(scrape(1050, 50, 2) + scrape(50, 50, 3), T0.plusSeconds(60)));
    var f = s.figures().get("email.send");
    assertThat(f.inFlight()).isEqualTo(5.0);
    // 1200 observations since the baseline... minus the baseline's 1000: 100 in <=0.01 s, 100 in (0.01, 0.1]
    assertThat(f.durationP50()).isCloseTo(0.01, within(1e-9));
    assertThat(f.durationP99()).isCloseTo(0.01 + 0.09 * 98 / 100, within(1e-9));
    assertThat(f.waitP99()).isCloseTo(0.99, within(1e-9));
  }

  @Test
  void noObservationsNoQuantile() {
    assertThat(WorkerMetricsScraper.quantile(0.5, new TreeMap<>())).isNull();
    TreeMap<Double, Double> zero = new TreeMap<>();
    zero.put(0.1, 0.0);
    zero.put(Double.POSITIVE_INFINITY, 0.0);
    assertThat(WorkerMetricsScraper.quantile(0.5, zero)).isNull();
    TreeMap<Double, Double> overflow = new TreeMap<>();
    overflow.put(0.1, 0.0);
    overflow.put(Double.POSITIVE_INFINITY, 10.0);
    assertThat(WorkerMetricsScraper.quantile(0.5, overflow)).as("beyond the last bound: the last bound").isEqualTo(0.1);
  }

  @Test
  void otherSeriesAndMalformedLinesAreIgnored() {
    var scrape = WorkerMetricsScraper.parse("garbage\njobpipe_inflight{type=\"a\"} NaN\njobpipe_inflight 3\n"
        + "jobpipe_inflight{type=\"b\"} 4\n", T0);
    assertThat(scrape.inFlight()).containsOnlyKeys("b");
  }
}
