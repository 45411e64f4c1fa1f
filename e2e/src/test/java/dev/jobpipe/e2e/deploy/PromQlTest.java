package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.observability.MetricNames;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The PromQL parser and the checks against the exported series: both must reject what is wrong. */
class PromQlTest {

  private static final ExportedMetrics METRICS = ExportedMetrics.scrape();
  private final PromQlCheck check = new PromQlCheck(METRICS);

  @Test
  void exportedSeriesAreWhatMicrometerRendersForTheDesignNames() {
    assertThat(METRICS.seriesOf(MetricNames.JOBS)).containsExactly("jobpipe_jobs_total");
    assertThat(METRICS.seriesOf(MetricNames.JOB_DURATION)).contains(
        "jobpipe_job_duration_seconds_bucket", "jobpipe_job_duration_seconds_count",
        "jobpipe_job_duration_seconds_sum", "jobpipe_job_duration_seconds_max");
    assertThat(METRICS.seriesOf(MetricNames.QUEUE_LAG)).containsExactly("jobpipe_queue_lag");
    assertThat(METRICS.labels("jobpipe_queue_lag")).containsExactlyInAnyOrder("type", "partition", "job", "instance");
    assertThat(METRICS.labels("jobpipe_job_wait_seconds_bucket")).contains("type", "le");
    assertThat(METRICS.isCounter("jobpipe_dead_letters_total")).isTrue();
    assertThat(METRICS.isCounter("jobpipe_job_wait_seconds_bucket")).isTrue();
    assertThat(METRICS.isCounter("jobpipe_job_wait_seconds_max")).isFalse();
    assertThat(METRICS.isCounter("jobpipe_inflight")).isFalse();
    assertThat(METRICS.meters()).isEqualTo(ExportedMetrics.meterNames());
  }

  @Test
  void acceptsTheShapesTheKitUses() {
    for (String ok : new String[] {
        "sum by (type) (rate(jobpipe_jobs_total{type=~\"a|b\", outcome!=\"succeeded\"}[5m]))",
        "histogram_quantile(0.99, sum by (type, le) (rate(jobpipe_job_wait_seconds_bucket[5m]))) > 30",
        "sum(rate(jobpipe_jobs_total[5m])) by (type) / on(type) sum by (type) (rate(jobpipe_jobs_total[5m]))",
        "sum by (type) (max by (type, partition) (jobpipe_queue_lag)) > 1000 and sum by (type) (deriv(jobpipe_queue_lag[10m])) > 0",
        "absent(up{job=\"jobpipe-worker\"})",
        "up{job=\"jobpipe-router\"} == bool 0",
        "-max_over_time(jobpipe_inflight[1h:5m] offset 1h) ^ 2 ^ 3",
        "topk(3, sum by (type) (increase(jobpipe_retries_total[1h])))"}) {
      assertThat(check.check(ok).problems()).as(ok).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sum by (type) (rate(jobpipe_jobs_total[5m]",
      "rate(jobpipe_jobs_total)[5m]",
      "sum by type (jobpipe_inflight)",
      "jobpipe_inflight{type=~unquoted}",
      "rates(jobpipe_jobs_total[5m])",
      "jobpipe_inflight >",
      "jobpipe_inflight[5x]"})
  void rejectsSyntaxErrors(String expr) {
    assertThat(check.check(expr).problems()).singleElement().asString().startsWith("syntax:");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "rate(jobpipe_job_total[5m])                                                  | does not export jobpipe_job_total",
      "jobpipe_queue_lag{typ=\"a\"}                                                   | has no label typ",
      "sum by (tier) (jobpipe_queue_lag)                                            | no such label",
      "sum(rate(jobpipe_jobs_total{outcome=\"error\"}[5m]))                            | not an outcome",
      "rate(jobpipe_queue_lag[5m])                                                  | not a counter",
      "deriv(jobpipe_jobs_total[5m])                                                | is a counter",
      "sum(rate(jobpipe_job_duration_seconds_bucket[5m]))                           | outside histogram_quantile",
      "histogram_quantile(0.9, sum by (type) (rate(jobpipe_job_duration_seconds_bucket[5m]))) | without le",
      "rate(jobpipe_jobs_total)                                                     | needs a range vector",
      "{type=\"a\"}                                                                   | without a metric name",
      "jobpipe_inflight / on(partition) jobpipe_queue_lag                           | not a label of both sides"})
  void rejectsWhatTheCodeDoesNotExport(String expr, String problem) {
    assertThat(check.check(expr).problems()).anySatisfy(p -> assertThat(p).contains(problem));
  }

  @Test
  void outputLabelsFollowAggregationAndMatching() {
    assertThat(check.check("sum by (type, reason) (increase(jobpipe_dead_letters_total[10m])) > 0").outputLabels())
        .containsExactlyInAnyOrder("type", "reason");
    assertThat(check.check("histogram_quantile(0.5, sum by (type, tier, le) (rate(jobpipe_retry_forward_lateness_seconds_bucket[5m])))")
        .outputLabels()).containsExactlyInAnyOrder("type", "tier");
    assertThat(check.check("absent(up{job=\"jobpipe-router\", instance=~\".+\"})").outputLabels()).containsExactly("job");
    assertThat(check.check("sum without (instance, partition) (jobpipe_queue_lag)").outputLabels())
        .containsExactlyInAnyOrder("type", "job");
    assertThat(check.check("sum(jobpipe_inflight)").outputLabels()).isEmpty();
    assertThat(check.check("jobpipe_inflight * on(type) group_left(partition) jobpipe_queue_lag").outputLabels())
        .isEqualTo(Set.of("type", "job", "instance", "partition"));
  }

  @Test
  void unterminatedStringIsASyntaxError() {
    assertThatThrownBy(() -> PromQl.parse("jobpipe_inflight{type=\"a}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated");
  }
}
