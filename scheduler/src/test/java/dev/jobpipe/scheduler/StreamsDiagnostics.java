package dev.jobpipe.scheduler;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Counts that explain lateness without trusting wall time on a loaded machine: how many
 * punctuations, commits (one exactly-once transaction each), polls and records the stream threads
 * made, the time the thread spent blocked in commits and punctuations, and its CPU time.
 */
final class StreamsDiagnostics {

  private static final List<String> TOTALS = List.of(
      "stream-thread-metrics/commit-total", "stream-thread-metrics/punctuate-total",
      "stream-thread-metrics/poll-total", "stream-thread-metrics/process-total",
      "producer-metrics/txn-commit-time-ns-total", "producer-metrics/txn-send-offsets-time-ns-total",
      "producer-metrics/txn-begin-time-ns-total", "producer-metrics/flush-time-ns-total",
      "producer-metrics/record-send-total", "producer-metrics/record-retry-total",
      "producer-metrics/request-total");
  private static final List<String> GAUGES = List.of(
      "stream-thread-metrics/commit-latency-avg", "stream-thread-metrics/commit-latency-max",
      "stream-thread-metrics/punctuate-latency-avg", "stream-thread-metrics/punctuate-latency-max",
      "stream-thread-metrics/poll-latency-avg", "producer-metrics/request-latency-avg",
      "producer-metrics/request-latency-max");

  private StreamsDiagnostics() {}

  /** Sum over all clients and threads of each metric of interest, keyed group/name. */
  static Map<String, Double> totals(JobScheduler scheduler) {
    Map<String, Double> out = new TreeMap<>();
    for (Map.Entry<MetricName, ? extends Metric> e : scheduler.streamsMetrics().entrySet()) {
      String key = e.getKey().group() + "/" + e.getKey().name();
      if ((TOTALS.contains(key) || GAUGES.contains(key)) && e.getValue().metricValue() instanceof Number n
          && !Double.isNaN(n.doubleValue())) {
        out.merge(key, n.doubleValue(), GAUGES.contains(key) ? Math::max : Double::sum);
      }
    }
    return out;
  }

  /** How much metric {@code key} grew from {@code before} to {@code after}. */
  static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
    return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
  }

  static long streamThreadCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains("StreamThread")) {
        sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return sum;
  }

  /** Deltas of the totals, the latest gauges, per-commit figures and the load average. */
  static String report(Map<String, Double> before, Map<String, Double> after, long cpuNanos) {
    StringBuilder sb = new StringBuilder("  streams counts during the run:\n");
    for (String key : TOTALS) {
      double d = delta(before, after, key);
      sb.append(String.format("    %-50s %,.0f%n", key, key.endsWith("-ns-total") ? d / 1e6 : d));
    }
    for (String key : GAUGES) {
      sb.append(String.format("    %-50s %.1f (last window)%n", key, after.getOrDefault(key, Double.NaN)));
    }
    double commits = delta(before, after, "stream-thread-metrics/commit-total");
    double commitMs = delta(before, after, "producer-metrics/txn-commit-time-ns-total") / 1e6;
    double offsetsMs = delta(before, after, "producer-metrics/txn-send-offsets-time-ns-total") / 1e6;
    sb.append(String.format("    (*-ns-total shown in ms) per commit: %.1f ms in commitTransaction + %.1f ms in"
        + " sendOffsetsToTransaction, stream-thread CPU %.0f ms in all%n",
        commits == 0 ? 0 : commitMs / commits, commits == 0 ? 0 : offsetsMs / commits, cpuNanos / 1e6));
    try {
      sb.append("    load average: ").append(Files.readString(Path.of("/proc/loadavg")).trim());
    } catch (java.io.IOException e) {
      sb.append("    load average: unknown");
    }
    return sb.toString();
  }
}
