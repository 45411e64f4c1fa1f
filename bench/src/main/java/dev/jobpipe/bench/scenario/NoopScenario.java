package dev.jobpipe.bench.scenario;

import dev.jobpipe.bench.contender.Workload;
import dev.jobpipe.bench.report.ResultRow;
import dev.jobpipe.bench.report.Summary;
import dev.jobpipe.bench.report.Target;
import java.util.List;
import java.util.Map;

/**
 * Consumption rate of no-op jobs from a pre-filled 6-partition topic: jobpipe's worker (Avro
 * decoding into the generated class, commit-after-success, default settings) against a plain
 * consumer loop committing synchronously per poll, and Spring's listener container (one consumer,
 * batch listener, {@code AckMode.BATCH}), neither of which decodes.
 */
public final class NoopScenario implements Scenario {
  static final String TYPE = "bench-noop";
  static final String WARMUP_TYPE = "bench-noop-warmup";

  @Override
  public String name() {
    return "noop";
  }

  @Override
  public List<ResultRow> run(BenchContext ctx) throws Exception {
    int records = ctx.options().noopRecords();
    ctx.createJobTopics(TYPE, 6);
    ctx.createJobTopics(WARMUP_TYPE, 6);
    int warmup = records * 3 / 10;
    TopicFiller.fill(ctx, TYPE, records, Payloads.emailOfValueSize(256), i -> null);
    TopicFiller.fill(ctx, WARMUP_TYPE, warmup, Payloads.emailOfValueSize(256), i -> null);
    Console.line("noop: %,d jobs published (and %,d to warm up on)", records, warmup);
    Map<String, List<ChildResult>> results = ConsumeRuns.run(ctx, name(), TYPE, records, WARMUP_TYPE, warmup, Workload.NOOP,
        List.of(new ConsumeRuns.Entry("jobpipe", 0), new ConsumeRuns.Entry("plain", 0),
            new ConsumeRuns.Entry("spring", 1)), 300);
    ctx.note("no-op: " + String.format("%,d", records) + " jobs of 256 bytes pre-filled once into a 6-partition topic by"
        + " JobPublisher; each contender then consumes all of it in a child JVM of its own (" + String.join(" ", ChildJvm.JVM_OPTIONS)
        + ") with a fresh group, after consuming " + String.format("%,d", warmup) + " jobs of a warm-up topic"
        + " unmeasured (so the figure is a warmed-up consumer's, not JIT compilation's), timed from the first"
        + " record handed over to the last completion; each child waits after its warm-up until the JIT compiler"
        + " has been idle for 0.5 s (at most 20 s). jobpipe's worker runs"
        + " with its defaults (concurrency 64, key ordering, commits every 1 s or 5,000 records) and decodes every payload"
        + " into EmailSend; the plain loop and Spring (1 consumer, batch listener, AckMode.BATCH, sync commits) do not"
        + " decode. All use Kafka 4's consumer group protocol and default fetch settings.");
    ctx.note("no-op, CPU time of each child process from its first record to its last completion, per 1,000 jobs"
        + " (median ms; all threads, GC and JIT included, so it holds whatever else the machine ran): "
        + ConsumeRuns.cpuSummary(results) + ".");
    Summary jobpipe = Summary.of(ConsumeRuns.rates(results.get("jobpipe")));
    return List.of(
        new ResultRow("no-op jobs, 6 partitions", "jobs/s", jobpipe, "plain KafkaConsumer loop",
            Summary.of(ConsumeRuns.rates(results.get("plain"))), Target.ratioAtLeast(1.0), null),
        new ResultRow("no-op jobs, 6 partitions", "jobs/s", jobpipe, "Spring Kafka listener container",
            Summary.of(ConsumeRuns.rates(results.get("spring"))), Target.ratioAtLeast(1.0), null));
  }
}
