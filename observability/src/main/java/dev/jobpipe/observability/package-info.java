/**
 * Metrics and health for jobpipe's components: the meter names of the design contract
 * ({@link dev.jobpipe.observability.MetricNames}) and the liveness/readiness a component reports
 * ({@link dev.jobpipe.observability.HealthState}). Depends on {@code micrometer-core} only, so a
 * library user picks the registry; the Prometheus endpoint of the runnable processes
 * ({@code MetricsServer}) is in the {@code metrics-server} artifact.
 */
package dev.jobpipe.observability;
