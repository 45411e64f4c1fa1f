/**
 * Metrics and health for jobpipe's long-running processes: the meter names of the design contract
 * ({@link dev.jobpipe.observability.MetricNames}), and a small HTTP endpoint
 * ({@link dev.jobpipe.observability.MetricsServer}) serving Prometheus text and Kubernetes probes.
 */
package dev.jobpipe.observability;
