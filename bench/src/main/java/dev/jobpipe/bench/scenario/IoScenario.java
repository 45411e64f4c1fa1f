package dev.jobpipe.bench.scenario;

import static dev.jobpipe.bench.scenario.ConsumeRuns.addRow;
import static dev.jobpipe.bench.scenario.ConsumeRuns.rate;
import static dev.jobpipe.bench.scenario.ConsumeRuns.rss;

import dev.jobpipe.bench.contender.Workload;
import dev.jobpipe.bench.report.ResultRow;
import dev.jobpipe.bench.report.Summary;
import dev.jobpipe.bench.report.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Consumption rate of I/O-bound jobs (5 ms sleep each) with 1,000 keys on 6 partitions, in key
 * order, at concurrency 200: jobpipe's worker against Confluent Parallel Consumer (KEY ordering,
 * maxConcurrency 200) and Spring's container with 6 consumers; plus each child's peak RSS.
 */
public final class IoScenario implements Scenario {
  static final String TYPE = "bench-io";
  static final String WARMUP_TYPE = "bench-io-warmup";
  static final int KEYS = 1_000;
  static final int CONCURRENCY = 200;
  /** Spring's part of the records: it is capped near 6 ÷ 5 ms = 1,200 jobs/s, so it reads a tenth. */
  static final double SPRING_SHARE = 0.1;
  /** The rate concurrency 200 allows when every job takes 5 ms. */
  static final double BOUND = CONCURRENCY * 1000.0 / 5;

  @Override
  public String name() {
    return "io";
  }

  @Override
  public List<ResultRow> run(BenchContext ctx) throws Exception {
    int records = ctx.options().ioRecords();
    int warmup = records / 3;
    TopicFiller.fillScenario(ctx, name(), TYPE, records, WARMUP_TYPE, warmup, i -> "key-" + (i % KEYS));
    Map<String, List<ChildResult>> results = ConsumeRuns.run(ctx, name(), TYPE, records, WARMUP_TYPE, warmup,
        Workload.SLEEP_5MS,
        List.of(new ConsumeRuns.Entry("jobpipe", CONCURRENCY), new ConsumeRuns.Entry("pc", CONCURRENCY),
            new ConsumeRuns.Entry("spring", 6, SPRING_SHARE)), 600);
    ctx.note("I/O-bound: " + String.format("%,d", records) + " jobs with " + KEYS + " keys (\"key-\" + i mod " + KEYS
        + ") pre-filled once into a 6-partition topic; each job sleeps 5 ms; each child first consumes "
        + String.format("%,d", warmup) + " such jobs of a warm-up topic unmeasured. jobpipe's worker: concurrency " + CONCURRENCY
        + ", key ordering, virtual threads. Parallel Consumer 0.5.3.3: KEY ordering, maxConcurrency " + CONCURRENCY
        + ", default commit mode (periodic async consumer commits), classic group protocol. Spring: 6 consumers, record"
        + " listener, AckMode.BATCH; it consumes only the first tenth of each topic (it is capped near 1,200 jobs/s, so"
        + " the whole would take most of the run). Each child waits after its warm-up until the JIT compiler has been"
        + " idle for 0.5 s (at most 20 s). Peak RSS is VmHWM of /proc/<pid>/status of each child JVM at the end of its run.");
    ctx.note("I/O-bound, CPU time of each child process from its first record to its last completion, per 1,000 jobs"
        + " (median ms; all threads, GC and JIT included, so it holds whatever else the machine ran): "
        + ConsumeRuns.cpuSummary(results) + ".");
    Summary jobpipe = rate(results, "jobpipe");
    Summary bound = Summary.of(Collections.nCopies(ctx.options().runs(), BOUND));
    Summary springRss = rss(results, "spring");
    Summary measured = ConsumeRuns.measuredBound(results, "jobpipe", CONCURRENCY);
    List<ResultRow> rows = new ArrayList<>();
    addRow(rows, "5 ms I/O jobs, 1,000 keys, key order, concurrency 200", "jobs/s", jobpipe,
        "Parallel Consumer (KEY, maxConcurrency 200)", rate(results, "pc"), Target.ratioAtLeast(2.0), null);
    addRow(rows, "5 ms I/O jobs vs the bound 200 ÷ 5 ms", "jobs/s", jobpipe, "bound", bound, Target.ratioAtLeast(0.75), null);
    addRow(rows, "5 ms I/O jobs vs the measured bound 200 ÷ real sleep", "jobs/s", jobpipe,
        "bound from the sleeps' real duration in jobpipe's own runs", measured, null,
        measured == null ? null : ConsumeRuns.sleepNote(results, "jobpipe")
            + (results.containsKey("pc") && ConsumeRuns.measuredBound(results, "pc", CONCURRENCY) != null
                ? "; " + ConsumeRuns.sleepNote(results, "pc") : ""));
    addRow(rows, "5 ms I/O jobs, 1,000 keys, key order", "jobs/s", jobpipe,
        "Spring Kafka container, concurrency 6", rate(results, "spring"), null,
        "Spring runs one job at a time per consumer, so 6 consumers cap it near 6 ÷ 5 ms = 1,200 jobs/s.");
    addRow(rows, "worker memory: peak RSS under the I/O load", "MiB", rss(results, "jobpipe"),
        "Parallel Consumer process", rss(results, "pc"), null,
        "lower is better; the ratio is jobpipe ÷ Parallel Consumer." + (springRss == null ? ""
            : String.format(" Spring's child peaked at %,.0f MiB (%,.0f–%,.0f).", springRss.median(), springRss.min(),
                springRss.max())));
    return rows;
  }
}
