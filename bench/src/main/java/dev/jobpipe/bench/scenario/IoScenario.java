package dev.jobpipe.bench.scenario;

import static dev.jobpipe.bench.scenario.ConsumeRuns.addRow;
import static dev.jobpipe.bench.scenario.ConsumeRuns.rate;
import static dev.jobpipe.bench.scenario.ConsumeRuns.rss;

import dev.jobpipe.bench.BenchOptions;
import dev.jobpipe.bench.contender.Workload;
import dev.jobpipe.bench.report.ResultRow;
import dev.jobpipe.bench.report.Summary;
import dev.jobpipe.bench.report.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * Consumption rate of I/O-bound jobs (5 ms sleep each, timed inside each child's jobs by
 * {@link Workload}) with many keys on 6 partitions, in key order: jobpipe's worker against Confluent
 * Parallel Consumer (KEY ordering, the same maxConcurrency) at each concurrency of the variant, with
 * each child's peak RSS, the nominal bound concurrency ÷ 5 ms and the measured bound concurrency ÷
 * the real duration of the sleeps. Two variants: {@link #io()} (1,000 keys, concurrency 200, and
 * Spring's container with 6 consumers) and {@link #ioScale()} (10,000 keys, concurrency 1,000 then
 * 2,000, with stricter targets).
 *
 * @param name the scenario name ({@code --scenarios})
 * @param keys the distinct keys ({@code "key-" + i mod keys})
 * @param concurrencies the worker concurrencies measured one after the other
 * @param spring whether Spring's container (6 consumers, a tenth of the records) runs too
 * @param vsPc the target of jobpipe ÷ Parallel Consumer
 * @param vsNominal the target of jobpipe ÷ the nominal bound
 * @param vsMeasured the target of jobpipe ÷ the measured bound, or null for none
 * @param records how many records the options pre-fill for this variant
 */
public record IoScenario(String name, int keys, List<Integer> concurrencies, boolean spring, Target vsPc,
    Target vsNominal, Target vsMeasured, ToIntFunction<BenchOptions> records) implements Scenario {

  /** Spring's part of the records: it is capped near 6 ÷ 5 ms = 1,200 jobs/s, so it reads a tenth. */
  static final double SPRING_SHARE = 0.1;

  /** 1,000 keys at concurrency 200, against Parallel Consumer and Spring. */
  public static IoScenario io() {
    return new IoScenario("io", 1_000, List.of(200), true, Target.ratioAtLeast(2.0), Target.ratioAtLeast(0.75), null,
        BenchOptions::ioRecords);
  }

  /** 10,000 keys at concurrency 1,000 and then 2,000, against Parallel Consumer. */
  public static IoScenario ioScale() {
    return new IoScenario("ioscale", 10_000, List.of(1_000, 2_000), false, Target.ratioAtLeast(3.0),
        Target.ratioAtLeast(0.85), Target.ratioAtLeast(0.85), BenchOptions::ioScaleRecords);
  }

  @Override
  public List<ResultRow> run(BenchContext ctx) throws Exception {
    String type = "bench-" + name;
    String warmupType = type + "-warmup";
    int count = records.applyAsInt(ctx.options());
    int warmup = count / 3;
    TopicFiller.fillScenario(ctx, name, type, count, warmupType, warmup, i -> "key-" + (i % keys));
    List<ResultRow> rows = new ArrayList<>();
    List<String> cpu = new ArrayList<>();
    for (int concurrency : concurrencies) {
      List<ConsumeRuns.Entry> entries = new ArrayList<>(List.of(new ConsumeRuns.Entry("jobpipe", concurrency),
          new ConsumeRuns.Entry("pc", concurrency)));
      if (spring) {
        entries.add(new ConsumeRuns.Entry("spring", 6, SPRING_SHARE));
      }
      boolean single = concurrencies.size() == 1;
      Map<String, List<ChildResult>> results = ConsumeRuns.run(ctx, single ? name : name + "-c" + concurrency, type,
          count, warmupType, warmup, Workload.SLEEP_5MS, entries, 600);
      cpu.add(String.format("concurrency %,d: %s", concurrency, ConsumeRuns.cpuSummary(results)));
      addRows(rows, ctx, results, concurrency, single);
    }
    ctx.note(String.format("I/O-bound (%s): %,d jobs with %,d keys (\"key-\" + i mod %d) pre-filled once into a"
        + " 6-partition topic; each job sleeps 5 ms (timed); each child first consumes %,d such jobs of a warm-up topic"
        + " unmeasured and waits until the JIT compiler has been idle for 0.5 s (at most 20 s). jobpipe's worker:"
        + " concurrency %s, key ordering, virtual threads, defaults otherwise (done events on). Parallel Consumer"
        + " 0.5.3.3: KEY ordering, the same maxConcurrency, default commit mode (periodic async consumer commits),"
        + " classic group protocol.%s The measured bound is concurrency ÷ the mean real duration of the 5 ms sleeps"
        + " inside jobpipe's jobs in the same runs. Peak RSS is VmHWM of /proc/<pid>/status of each child JVM at the"
        + " end of its run. CPU time of each child process from its first record to its last completion, per 1,000"
        + " jobs (median ms; all threads, GC and JIT included, so it holds whatever else the machine ran): %s.",
        name, count, keys, keys, warmup,
        concurrencies.stream().map(c -> String.format("%,d", c)).collect(Collectors.joining(", then ")),
        spring ? " Spring: 6 consumers, record listener, AckMode.BATCH; it consumes only the first tenth of each topic"
            + " (it is capped near 1,200 jobs/s, so the whole would take most of the run)." : "",
        String.join("; ", cpu)));
    return rows;
  }

  private void addRows(List<ResultRow> rows, BenchContext ctx, Map<String, List<ChildResult>> results, int concurrency,
      boolean single) {
    Summary jobpipe = rate(results, "jobpipe");
    addRow(rows, String.format("5 ms I/O jobs, %,d keys, key order, concurrency %,d", keys, concurrency), "jobs/s",
        jobpipe, String.format("Parallel Consumer (KEY, maxConcurrency %,d)", concurrency), rate(results, "pc"), vsPc,
        null);
    Summary nominal = Summary.of(Collections.nCopies(ctx.options().runs(), concurrency * 1000.0 / 5));
    addRow(rows, String.format("5 ms I/O jobs vs the nominal bound %,d ÷ 5 ms", concurrency), "jobs/s", jobpipe,
        "bound", nominal, vsNominal, null);
    Summary measured = ConsumeRuns.measuredBound(results, "jobpipe", concurrency);
    addRow(rows, String.format("5 ms I/O jobs vs the measured bound %,d ÷ real sleep", concurrency), "jobs/s", jobpipe,
        "bound from the sleeps' real duration in jobpipe's own runs", measured, vsMeasured,
        measured == null ? null : ConsumeRuns.sleepNote(results, "jobpipe")
            + (results.containsKey("pc") && ConsumeRuns.measuredBound(results, "pc", concurrency) != null
                ? "; " + ConsumeRuns.sleepNote(results, "pc") : ""));
    if (spring) {
      addRow(rows, String.format("5 ms I/O jobs, %,d keys, key order", keys), "jobs/s", jobpipe,
          "Spring Kafka container, concurrency 6", rate(results, "spring"), null,
          "Spring runs one job at a time per consumer, so 6 consumers cap it near 6 ÷ 5 ms = 1,200 jobs/s.");
    }
    Summary springRss = rss(results, "spring");
    // the single-concurrency row keeps its name: e2e KubernetesManifestsTest reads it from RESULTS.md
    addRow(rows, "worker memory: peak RSS " + (single ? "under the I/O load" : String.format("at concurrency %,d",
        concurrency)), "MiB", rss(results, "jobpipe"), "Parallel Consumer process", rss(results, "pc"), null,
        "lower is better; the ratio is jobpipe ÷ Parallel Consumer." + (springRss == null ? ""
            : String.format(" Spring's child peaked at %,.0f MiB (%,.0f–%,.0f).", springRss.median(), springRss.min(),
                springRss.max())));
  }
}
