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
 * I/O-bound jobs (5 ms sleep each) at high concurrency: 10,000 keys on 6 partitions, key order, at
 * concurrency 1,000 and then 2,000: jobpipe's worker against Confluent Parallel Consumer (KEY
 * ordering, the same maxConcurrency), with each child's peak RSS. The bound is concurrency ÷ 5 ms
 * nominally, and concurrency ÷ the real duration of the sleeps, which each child times inside its
 * own jobs ({@link Workload}).
 */
public final class IoScaleScenario implements Scenario {
  static final String TYPE = "bench-ioscale";
  static final String WARMUP_TYPE = "bench-ioscale-warmup";
  static final int KEYS = 10_000;
  static final List<Integer> CONCURRENCIES = List.of(1_000, 2_000);

  @Override
  public String name() {
    return "ioscale";
  }

  @Override
  public List<ResultRow> run(BenchContext ctx) throws Exception {
    int records = ctx.options().ioScaleRecords();
    int warmup = records / 3;
    TopicFiller.fillScenario(ctx, name(), TYPE, records, WARMUP_TYPE, warmup, i -> "key-" + (i % KEYS));
    List<ResultRow> rows = new ArrayList<>();
    List<String> cpu = new ArrayList<>();
    for (int concurrency : CONCURRENCIES) {
      Map<String, List<ChildResult>> results = ConsumeRuns.run(ctx, name() + "-c" + concurrency, TYPE, records,
          WARMUP_TYPE, warmup, Workload.SLEEP_5MS,
          List.of(new ConsumeRuns.Entry("jobpipe", concurrency), new ConsumeRuns.Entry("pc", concurrency)), 600);
      cpu.add("concurrency " + concurrency + ": " + ConsumeRuns.cpuSummary(results));
      String scenario = String.format("5 ms I/O jobs, 10,000 keys, key order, concurrency %,d", concurrency);
      Summary jobpipe = rate(results, "jobpipe");
      addRow(rows, scenario, "jobs/s", jobpipe, String.format("Parallel Consumer (KEY, maxConcurrency %,d)", concurrency),
          rate(results, "pc"), Target.ratioAtLeast(3.0), null);
      double nominal = concurrency * 1000.0 / 5;
      addRow(rows, String.format("5 ms I/O jobs vs the nominal bound %,d ÷ 5 ms", concurrency), "jobs/s", jobpipe,
          "bound", Summary.of(Collections.nCopies(ctx.options().runs(), nominal)), Target.ratioAtLeast(0.85), null);
      Summary measured = ConsumeRuns.measuredBound(results, "jobpipe", concurrency);
      addRow(rows, String.format("5 ms I/O jobs vs the measured bound %,d ÷ real sleep", concurrency), "jobs/s", jobpipe,
          "bound from the sleeps' real duration in jobpipe's own runs", measured, Target.ratioAtLeast(0.85),
          measured == null ? null : ConsumeRuns.sleepNote(results, "jobpipe"));
      addRow(rows, String.format("worker memory: peak RSS at concurrency %,d", concurrency), "MiB", rss(results, "jobpipe"),
          "Parallel Consumer process", rss(results, "pc"), null, "lower is better; the ratio is jobpipe ÷ Parallel Consumer.");
    }
    ctx.note("I/O-bound at scale: " + String.format("%,d", records) + " jobs with " + String.format("%,d", KEYS)
        + " keys (\"key-\" + i mod " + KEYS + ") pre-filled once into a 6-partition topic; each job sleeps 5 ms (timed);"
        + " each child first consumes " + String.format("%,d", warmup) + " such jobs of a warm-up topic unmeasured."
        + " jobpipe's worker: concurrency 1,000, then 2,000, key ordering, virtual threads, defaults otherwise (done"
        + " events on). Parallel Consumer 0.5.3.3: KEY ordering, the same maxConcurrency, default commit mode, classic"
        + " group protocol. The measured bound is concurrency ÷ the mean real duration of the 5 ms sleeps inside"
        + " jobpipe's jobs in the same runs. CPU per 1,000 jobs (median ms): " + String.join("; ", cpu) + ".");
    return rows;
  }
}
