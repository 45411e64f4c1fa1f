package dev.jobpipe.bench.scenario;

import static dev.jobpipe.bench.scenario.ConsumeRuns.addRow;
import static dev.jobpipe.bench.scenario.ConsumeRuns.cpu;
import static dev.jobpipe.bench.scenario.ConsumeRuns.rate;

import dev.jobpipe.bench.contender.Workload;
import dev.jobpipe.bench.report.Figures;
import dev.jobpipe.bench.report.ResultRow;
import dev.jobpipe.bench.report.Summary;
import dev.jobpipe.bench.report.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Consumption rate and CPU cost of no-op jobs from a pre-filled 6-partition topic: jobpipe's worker
 * (Avro decoding into the generated class, commit-after-success, default settings, so done events
 * on) and the same worker with done events off, against a plain consumer loop committing
 * synchronously per poll, and Spring's listener container (one consumer, batch listener,
 * {@code AckMode.BATCH}), neither of which decodes.
 */
public final class NoopScenario implements Scenario {
  static final String TYPE = "bench-noop";
  static final String WARMUP_TYPE = "bench-noop-warmup";
  private static final String SCENARIO = "no-op jobs, 6 partitions";

  @Override
  public String name() {
    return "noop";
  }

  @Override
  public List<ResultRow> run(BenchContext ctx) throws Exception {
    int records = ctx.options().noopRecords();
    int warmup = records * 3 / 10;
    TopicFiller.fillScenario(ctx, name(), TYPE, records, WARMUP_TYPE, warmup, i -> null);
    Map<String, List<ChildResult>> results = ConsumeRuns.run(ctx, name(), TYPE, records, WARMUP_TYPE, warmup, Workload.NOOP,
        List.of(new ConsumeRuns.Entry("jobpipe", 0), new ConsumeRuns.Entry("jobpipe-nodone", 0),
            new ConsumeRuns.Entry("plain", 0), new ConsumeRuns.Entry("spring", 1)), 300);
    ctx.note("no-op: " + String.format("%,d", records) + " jobs of 256 bytes pre-filled once into a 6-partition topic by"
        + " JobPublisher (no key given, so each is keyed by its job id); each contender then consumes all of it in a"
        + " child JVM of its own (" + String.join(" ", ChildJvm.JVM_OPTIONS)
        + ") with a fresh group, after consuming " + String.format("%,d", warmup) + " jobs of a warm-up topic"
        + " unmeasured (so the figure is a warmed-up consumer's, not JIT compilation's), timed from the first"
        + " record handed over to the last completion; each child waits after its warm-up until the JIT compiler"
        + " has been idle for 0.5 s (at most 20 s). jobpipe's worker runs"
        + " with its defaults (concurrency 64, key ordering, commits every 1 s or 5,000 records, done events on: one"
        + " jobs.T.done record per job, acknowledged before the commit passes it; jobs.T.done has 6 partitions) and"
        + " decodes every payload into EmailSend; \"done events off\" is the same worker with done.events.enabled=false."
        + " The plain loop and Spring (1 consumer, batch listener, AckMode.BATCH, sync commits) do not"
        + " decode. All use Kafka 4's consumer group protocol and default fetch settings.");
    ctx.note("no-op, CPU time of each child process from its first record to its last completion, per 1,000 jobs"
        + " (median ms; all threads, GC and JIT included, so it holds whatever else the machine ran): "
        + ConsumeRuns.cpuSummary(results) + ".");
    Summary jobpipe = rate(results, "jobpipe");
    Summary noDone = rate(results, "jobpipe-nodone");
    Summary plain = rate(results, "plain");
    List<ResultRow> rows = new ArrayList<>();
    addRow(rows, SCENARIO, "jobs/s", jobpipe, "plain KafkaConsumer loop", plain, Target.ratioAtLeast(1.2), null);
    addRow(rows, SCENARIO, "jobs/s", jobpipe, "Spring Kafka listener container", rate(results, "spring"),
        Target.ratioAtLeast(1.0), null);
    addRow(rows, SCENARIO + ", done events on vs off", "jobs/s", jobpipe, "the same worker with done events off", noDone,
        Target.ratioAtLeast(0.9), null);
    addRow(rows, SCENARIO + ", done events off", "jobs/s", noDone, "plain KafkaConsumer loop", plain, null, null);
    addRow(rows, "no-op CPU per 1,000 jobs", Figures.CPU_MS_PER_1K, cpu(results, "jobpipe"), "plain KafkaConsumer loop",
        cpu(results, "plain"), Target.ratioAtMost(1.25),
        "the whole child process's CPU time (every thread, GC and JIT) from its first record to its last completion;"
            + " less sensitive to other load on the machine than the rates.");
    addRow(rows, "no-op CPU per 1,000 jobs, done events off", Figures.CPU_MS_PER_1K, cpu(results, "jobpipe-nodone"),
        "plain KafkaConsumer loop", cpu(results, "plain"), Target.ratioAtMost(1.25), null);
    if (jobpipe != null) {
      addRow(rows, "no-op run-to-run spread of jobpipe (fastest ÷ slowest run)", "×",
          Summary.of(List.of(jobpipe.max() / jobpipe.min())), plain == null ? null : "the plain loop's spread",
          plain == null ? null : Summary.of(List.of(plain.max() / plain.min())), Target.atMost(1.3, "×"),
          "the cause of a wide spread is in the notes' \"where each run's time went\": the wait for the first record,"
              + " collections and compilation within each run, and the time of each tenth of its records.");
    }
    return rows;
  }
}
