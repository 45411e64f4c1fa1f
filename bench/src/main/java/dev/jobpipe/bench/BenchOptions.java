package dev.jobpipe.bench;

import dev.jobpipe.bench.contender.ConsumeSpec;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How big a benchmark run is. {@code --quick} fits a 2-core machine in under ten minutes; the full
 * run takes more runs and more records for steadier figures.
 *
 * @param quick whether this is the quick run
 * @param runs runs per figure (the median is reported), at least 3
 * @param outDir where {@code RESULTS.md} and {@code results.json} are written
 * @param only the scenarios to run; all when empty
 * @param updateReadme whether to regenerate the README's performance table from this run
 * @param contenders the consuming contenders to run (for profiling one of them); all when empty,
 *     and a scenario's rows that need a contender left out are left out too
 * @param publishSeconds seconds each publishing client sends per run (the figures are time-boxed)
 * @param noopRecords records pre-filled for the no-op consumption runs
 * @param ioRecords records pre-filled for the 5 ms I/O-bound runs at concurrency 200
 * @param ioScaleRecords records pre-filled for the 5 ms I/O-bound runs at concurrency 1,000 and 2,000
 * @param e2eWarmupSeconds seconds of the fixed-rate stream before latency samples count
 * @param e2eSeconds seconds of measured fixed-rate stream per latency run
 * @param retries failures routed through the retry tiers per lateness run
 */
public record BenchOptions(
    boolean quick,
    int runs,
    Path outDir,
    Set<String> only,
    Set<String> contenders,
    boolean updateReadme,
    int publishSeconds,
    int noopRecords,
    int ioRecords,
    int ioScaleRecords,
    int e2eWarmupSeconds,
    int e2eSeconds,
    int retries) {

  public static final List<String> SCENARIOS = List.of("publish", "noop", "io", "ioscale", "e2e", "retry", "schedule");
  static final String USAGE = "usage: bench/run [--quick] [--runs N] [--out DIR] [--update-readme] [--only "
      + String.join(",", SCENARIOS) + "] [--contenders " + String.join(",", ConsumeSpec.CONTENDERS) + "]";

  public BenchOptions {
    if (runs < 3) {
      throw new IllegalArgumentException("--runs must be at least 3 (each figure is a median), got " + runs);
    }
    only = Set.copyOf(only);
    contenders = Set.copyOf(contenders);
    if (updateReadme && (!only.isEmpty() || !contenders.isEmpty())) {
      throw new IllegalArgumentException("--update-readme needs the whole run: it cannot be combined with --only or --contenders");
    }
  }

  /** Parses the command line; an unknown or malformed option fails with a one-line message. */
  public static BenchOptions parse(String[] args) {
    boolean quick = false;
    Integer runs = null;
    Path out = Path.of("bench");
    Set<String> only = new LinkedHashSet<>();
    Set<String> contenders = new LinkedHashSet<>();
    boolean updateReadme = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--quick" -> quick = true;
        case "--update-readme" -> updateReadme = true;
        case "--runs" -> runs = parseInt("--runs", value(args, ++i, arg));
        case "--out" -> out = Path.of(value(args, ++i, arg));
        case "--only" -> {
          for (String s : value(args, ++i, arg).split(",")) {
            if (!SCENARIOS.contains(s.trim())) {
              throw new IllegalArgumentException("unknown scenario '" + s.trim() + "' for --only; " + USAGE);
            }
            only.add(s.trim());
          }
        }
        case "--contenders" -> {
          for (String s : value(args, ++i, arg).split(",")) {
            if (!ConsumeSpec.CONTENDERS.contains(s.trim())) {
              throw new IllegalArgumentException("unknown contender '" + s.trim() + "' for --contenders; " + USAGE);
            }
            contenders.add(s.trim());
          }
        }
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'; " + USAGE);
      }
    }
    return quick
        ? new BenchOptions(true, runs == null ? 3 : runs, out, only, contenders, updateReadme, 5, 600_000, 90_000, 300_000, 2, 6, 10_000)
        : new BenchOptions(false, runs == null ? 5 : runs, out, only, contenders, updateReadme, 10, 1_000_000, 200_000, 600_000, 5, 30, 10_000);
  }

  /** Whether {@code scenario} is to run. */
  public boolean runs(String scenario) {
    return only.isEmpty() || only.contains(scenario);
  }

  /** Whether the consuming contender {@code contender} is to run. */
  public boolean runsContender(String contender) {
    return contenders.isEmpty() || contenders.contains(contender);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value; " + USAGE);
    }
    return args[i];
  }

  private static int parseInt(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number, got '" + value + "'");
    }
  }
}
