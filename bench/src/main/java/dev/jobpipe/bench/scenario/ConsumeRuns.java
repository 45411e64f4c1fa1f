package dev.jobpipe.bench.scenario;

import dev.jobpipe.bench.contender.ConsumeSpec;
import dev.jobpipe.bench.contender.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs consumption contenders over one pre-filled topic, alternating them run by run (jobpipe,
 * then each comparison, then jobpipe again...), each in its own child JVM with a fresh group that
 * first consumes a warm-up topic unmeasured: the figures are those of a warmed-up, long-running
 * consumer, not of JIT compilation.
 */
final class ConsumeRuns {
  /**
   * One contender's setting in this scenario. {@code share} scales the measured and warm-up record
   * counts for it: a contender whose rate is capped by design far below the others (Spring running
   * one 5 ms job at a time per consumer) consumes a prefix of the topic, so it does not take most of
   * the run's time; its rate is steady, so a shorter run measures it as well.
   */
  record Entry(String contender, int concurrency, double share) {
    Entry(String contender, int concurrency) {
      this(contender, concurrency, 1.0);
    }

    int scaled(int records) {
      return Math.max(1, (int) Math.round(records * share));
    }
  }

  private ConsumeRuns() {}

  /** The results of every run, by contender, in run order. Throws if a run times out or fails. */
  static Map<String, List<ChildResult>> run(BenchContext ctx, String scenario, String type, int records,
      String warmupType, int warmupRecords, Workload workload, List<Entry> entries, int timeoutSeconds) {
    Map<String, List<ChildResult>> results = new LinkedHashMap<>();
    entries.forEach(e -> results.put(e.contender(), new ArrayList<>()));
    for (int run = 0; run < ctx.options().runs(); run++) {
      StringBuilder line = new StringBuilder();
      for (Entry e : entries) {
        String group = "bench-" + scenario + "-" + e.contender() + "-" + run + "-" + System.nanoTime();
        ConsumeSpec spec = new ConsumeSpec(e.contender(), ctx.bootstrapServers(), ctx.registryUrl(), type, group,
            e.scaled(records), workload, e.concurrency(), timeoutSeconds, warmupType, e.scaled(warmupRecords));
        ChildResult r = ChildJvm.run(spec, ctx.logDir().resolve(scenario + "-" + e.contender() + "-" + (run + 1) + ".log"));
        if (r.timedOut()) {
          throw new IllegalStateException(scenario + ": " + e.contender() + " completed " + r.completed() + " of "
              + e.scaled(records) + " records within " + timeoutSeconds + " s (run " + (run + 1) + ")");
        }
        results.get(e.contender()).add(r);
        line.append(String.format(" %s %,.0f/s (%.0f CPU-ms/1k, %d MiB)", e.contender(), r.rate(),
            r.cpuMillisPerThousand(), r.peakRssBytes() >> 20));
      }
      Console.line("%s run %d/%d:%s", scenario, run + 1, ctx.options().runs(), line);
    }
    return results;
  }

  static List<Double> rates(List<ChildResult> results) {
    return results.stream().map(ChildResult::rate).toList();
  }

  /** "jobpipe 310, plain 95" CPU-ms per 1,000 records, medians over the runs. */
  static String cpuSummary(Map<String, List<ChildResult>> results) {
    List<String> parts = new ArrayList<>();
    results.forEach((contender, runs) -> {
      List<Double> cpu = runs.stream().map(ChildResult::cpuMillisPerThousand).filter(c -> c >= 0).toList();
      if (!cpu.isEmpty()) {
        parts.add(String.format(java.util.Locale.ROOT, "%s %.0f", contender,
            dev.jobpipe.bench.report.Summary.of(cpu).median()));
      }
    });
    return String.join(", ", parts);
  }

  static List<Double> peakRssMiB(List<ChildResult> results) {
    return results.stream().map(r -> r.peakRssBytes() / (1024.0 * 1024.0)).toList();
  }
}
