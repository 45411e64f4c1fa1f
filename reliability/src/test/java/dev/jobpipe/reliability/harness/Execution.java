package dev.jobpipe.reliability.harness;

import dev.jobpipe.reliability.harness.Behavior.Outcome;
import java.util.List;

/**
 * One execution of a job by the recording handler, as written to its log: one line
 * {@code jobId attempt pid outcome epochMillis}. The time is when the line was written (the end of
 * the execution, or the start of a hang); it gives recovery times and throughput without trusting
 * the system under test's metrics.
 */
public record Execution(String jobId, int attempt, long pid, Outcome outcome, long atMillis) {

  /** The log line, without its newline. */
  public String toLine() {
    return jobId + ' ' + attempt + ' ' + pid + ' ' + outcome.name() + ' ' + atMillis;
  }

  /** Parses a line written by {@link #toLine()}; throws naming the line when it is not one. */
  public static Execution parse(String line) {
    String[] f = line.split(" ");
    if (f.length != 5) {
      throw new IllegalArgumentException("not an execution line: '" + line + "'");
    }
    try {
      return new Execution(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), Outcome.valueOf(f[3]),
          Long.parseLong(f[4]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an execution line: '" + line + "'", e);
    }
  }

  /**
   * The longest time between two consecutive executions (by their log time) of {@code executions}:
   * how long the pipeline stood still at worst, e.g. while a killed worker's partitions waited for
   * a new owner. 0 for fewer than two executions.
   */
  public static long longestGapMillis(List<Execution> executions) {
    long[] times = executions.stream().mapToLong(Execution::atMillis).sorted().toArray();
    long gap = 0;
    for (int i = 1; i < times.length; i++) {
      gap = Math.max(gap, times[i] - times[i - 1]);
    }
    return gap;
  }
}
