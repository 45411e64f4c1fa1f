package dev.jobpipe.bench.scenario;

import dev.jobpipe.bench.contender.ConsumeSpec;
import dev.jobpipe.bench.contender.Workload;
import dev.jobpipe.bench.report.ContenderFigures;
import dev.jobpipe.bench.report.ResultRow;
import dev.jobpipe.bench.report.Summary;
import dev.jobpipe.bench.report.Target;
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
    entries = entries.stream().filter(e -> ctx.options().runsContender(e.contender())).toList();
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
        if (r.spread() != null) {
          Console.line("%s run %d %s: %s", scenario, run + 1, e.contender(), r.spread().describe(r.completed()));
        }
      }
      Console.line("%s run %d/%d:%s", scenario, run + 1, ctx.options().runs(), line);
    }
    String spreads = spreadNote(results);
    if (!spreads.isEmpty()) {
      ctx.note(scenario + ", where each run's time went (to explain the run-to-run spread): " + spreads);
    }
    results.forEach((contender, runs) -> ctx.contender(new ContenderFigures(scenario, contender,
        rate(results, contender), cpu(results, contender), rss(results, contender))));
    return results;
  }

  /** The rates of {@code contender}'s runs; null when it did not run (left out by {@code --contenders}). */
  static Summary rate(Map<String, List<ChildResult>> results, String contender) {
    List<ChildResult> runs = results.get(contender);
    return runs == null || runs.isEmpty() ? null : Summary.of(rates(runs));
  }

  /** CPU milliseconds per 1,000 records of {@code contender}'s runs; null when it did not run or CPU is unknown. */
  static Summary cpu(Map<String, List<ChildResult>> results, String contender) {
    List<ChildResult> runs = results.get(contender);
    if (runs == null) {
      return null;
    }
    List<Double> cpu = runs.stream().map(ChildResult::cpuMillisPerThousand).filter(c -> c >= 0).toList();
    return cpu.isEmpty() ? null : Summary.of(cpu);
  }

  /** Peak RSS in MiB of {@code contender}'s runs; null when it did not run. */
  static Summary rss(Map<String, List<ChildResult>> results, String contender) {
    List<ChildResult> runs = results.get(contender);
    return runs == null || runs.isEmpty() ? null : Summary.of(peakRssMiB(runs));
  }

  /** Adds a row comparing {@code jobpipe} with {@code comparison} when both were measured. */
  static void addRow(List<ResultRow> rows, String scenario, String unit, Summary jobpipe, String comparisonName,
      Summary comparison, Target target, String note) {
    if (jobpipe != null && (comparisonName == null || comparison != null)) {
      rows.add(new ResultRow(scenario, unit, jobpipe, comparisonName, comparison, target, note));
    }
  }

  /**
   * concurrency ÷ the real duration of one job's sleep, per run of {@code contender}; null when it
   * did not run or timed nothing.
   */
  static Summary measuredBound(Map<String, List<ChildResult>> results, String contender, int concurrency) {
    List<ChildResult> runs = results.get(contender);
    if (runs == null || runs.stream().anyMatch(r -> r.meanWorkNanos() <= 0)) {
      return null;
    }
    return Summary.of(runs.stream().map(r -> concurrency * 1e9 / r.meanWorkNanos()).toList());
  }

  /** "a 5 ms sleep took 5.61 ms (5.58–5.70) in jobpipe's jobs", for the report. */
  static String sleepNote(Map<String, List<ChildResult>> results, String contender) {
    Summary s = Summary.of(results.get(contender).stream().map(r -> r.meanWorkNanos() / 1e6).toList());
    return String.format(java.util.Locale.ROOT, "a 5 ms sleep took %.2f ms (%.2f–%.2f) on average in %s's jobs",
        s.median(), s.min(), s.max(), contender);
  }

  static List<Double> rates(List<ChildResult> results) {
    return results.stream().map(ChildResult::rate).toList();
  }

  /**
   * Per contender and run: jobs/s, the wait for the first record, collections and compilation
   * within the run, and the range of its tenths; empty when no child reported them.
   */
  static String spreadNote(Map<String, List<ChildResult>> results) {
    List<String> parts = new ArrayList<>();
    results.forEach((contender, runs) -> {
      for (int i = 0; i < runs.size(); i++) {
        ChildResult r = runs.get(i);
        if (r.spread() != null) {
          parts.add(String.format(java.util.Locale.ROOT, "%s run %d %,.0f/s: %s", contender, i + 1, r.rate(),
              r.spread().describe(r.completed())));
        }
      }
    });
    return String.join("; ", parts) + (parts.isEmpty() ? "" : ".");
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
