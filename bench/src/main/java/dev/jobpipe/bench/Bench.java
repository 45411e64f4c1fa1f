package dev.jobpipe.bench;

import dev.jobpipe.bench.report.MachineInfo;
import dev.jobpipe.bench.report.Report;
import dev.jobpipe.bench.report.ReportWriter;
import dev.jobpipe.bench.report.ResultRow;
import dev.jobpipe.bench.scenario.BenchContext;
import dev.jobpipe.bench.scenario.BenchStack;
import dev.jobpipe.bench.scenario.Console;
import dev.jobpipe.bench.scenario.IoScenario;
import dev.jobpipe.bench.scenario.LatencyScenario;
import dev.jobpipe.bench.scenario.ScheduleScenario;
import dev.jobpipe.bench.scenario.NoopScenario;
import dev.jobpipe.bench.scenario.PublishScenario;
import dev.jobpipe.bench.scenario.RetryScenario;
import dev.jobpipe.bench.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark harness behind {@code ./bench/run}: starts the embedded broker and registry once,
 * runs each scenario (jobpipe and its comparisons alternating in the same run, on the same data),
 * and writes {@code RESULTS.md} and {@code results.json}. Exit code 0 when every scenario ran,
 * whether or not every target was met; 1 when a scenario failed (the report is still written, with
 * the failure in its notes and the other scenarios' figures) or the stack did not start; 2 on bad
 * options.
 */
public final class Bench {
  /** The hand-written analysis of the committed run, included in RESULTS.md when present. */
  static final String CLOSING_NOTE_FILE = "closing-note.md";
  /** Figures measured outside the harness (e.g. the scheduler's soak test), appended to RESULTS.md when present. */
  static final String MEASURED_SEPARATELY_FILE = "measured-separately.md";

  private Bench() {}

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      run(options, String.join(" ", commandLine(args)));
      System.exit(0);
    } catch (Exception e) {
      System.err.println("bench: failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static List<String> commandLine(String[] args) {
    List<String> cmd = new ArrayList<>(List.of("./bench/run"));
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--out")) {
        i++; // where the report went is not part of how it was made
        continue;
      }
      cmd.add(args[i]);
    }
    return cmd;
  }

  static void run(BenchOptions options, String command) throws Exception {
    Instant started = Instant.now();
    MachineInfo machine = MachineInfo.current();
    Console.line("%s on %d cores, load average %s", command, machine.cores(), machine.loadAverage());
    Path logDir = options.outDir().resolve("target").resolve("logs");
    Files.createDirectories(logDir);
    List<Scenario> scenarios = List.of(new PublishScenario(), new NoopScenario(), IoScenario.io(), IoScenario.ioScale(),
        new LatencyScenario(), new RetryScenario(), new ScheduleScenario());
    List<ResultRow> rows = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> notes;
    List<dev.jobpipe.bench.report.ContenderFigures> contenders;
    try (BenchStack stack = BenchStack.start("1g");
         BenchContext ctx = new BenchContext(options, stack, logDir)) {
      Console.line("stack up: Kafka %s, registry %s", stack.bootstrapServers(), stack.registryUrl());
      for (Scenario s : scenarios) {
        if (options.runs(s.name())) {
          long t0 = System.nanoTime();
          Console.line("scenario %s (load average %s)", s.name(), MachineInfo.currentLoadAverage());
          try {
            rows.addAll(s.run(ctx));
            Console.line("scenario %s done in %d s", s.name(), (System.nanoTime() - t0) / 1_000_000_000L);
          } catch (Exception e) {
            // one broken scenario must not cost the figures of the others: the report says what failed
            failed.add(s.name());
            ctx.note("**scenario " + s.name() + " failed**, so it has no figures in this report: " + e);
            Console.line("scenario %s FAILED after %d s: %s", s.name(), (System.nanoTime() - t0) / 1_000_000_000L, e);
            e.printStackTrace();
          }
        }
      }
      notes = ctx.notes();
      contenders = ctx.contenders();
    }
    Report report = new Report(started, Duration.between(started, Instant.now()), command, options.runs(), machine,
        MachineInfo.currentLoadAverage(), parameters(options), rows, notes, optionalFile(options.outDir(), CLOSING_NOTE_FILE),
        contenders, optionalFile(options.outDir(), MEASURED_SEPARATELY_FILE));
    ReportWriter.write(report, options.outDir());
    if (options.updateReadme() && !failed.isEmpty()) {
      Console.line("the README's performance table was NOT regenerated: scenario(s) %s failed", failed);
    } else if (options.updateReadme()) {
      Path readme = options.outDir().toAbsolutePath().getParent().resolve("README.md");
      ReportWriter.updateReadme(report, readme);
      Console.line("regenerated the performance table of %s", readme);
    }
    Console.line("wrote %s and %s in %d s", options.outDir().resolve("RESULTS.md"), options.outDir().resolve("results.json"),
        report.took().toSeconds());
    if (!failed.isEmpty()) {
      throw new IllegalStateException("scenario(s) " + failed + " failed; the report has the others' figures");
    }
  }

  private static Map<String, Object> parameters(BenchOptions o) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("mode", o.quick() ? "quick" : "full");
    p.put("runs per figure", o.runs());
    p.put("scenarios", o.only().isEmpty() ? String.join(", ", BenchOptions.SCENARIOS) : String.join(", ", o.only()));
    p.put("publish seconds per client and run", o.publishSeconds());
    p.put("no-op jobs", o.noopRecords());
    p.put("I/O-bound jobs at concurrency 200", o.ioRecords());
    p.put("I/O-bound jobs at concurrency 1,000 and 2,000", o.ioScaleRecords());
    if (!o.contenders().isEmpty()) {
      p.put("contenders", String.join(", ", o.contenders()));
    }
    p.put("end-to-end warm-up / measured seconds", o.e2eWarmupSeconds() + " / " + o.e2eSeconds());
    p.put("retries per lateness run", o.retries());
    p.put("broker", "one KRaft node (kafka_2.13 4.3.1) as a child JVM, -Xmx1g, C2 and G1 (not the test stack's fast start-up mode)");
    return p;
  }

  private static String optionalFile(Path outDir, String name) throws IOException {
    Path file = outDir.resolve(name);
    return Files.isRegularFile(file) ? Files.readString(file) : null;
  }
}
