package dev.jobpipe.bench.scenario;

/**
 * What one contender child JVM reported, plus its peak RSS read by the parent.
 *
 * @param completed records completed
 * @param elapsedNanos from the first record to the last completion
 * @param timedOut whether the run was given up before every record was completed
 * @param cpuNanos CPU time of the child process over the same span (all threads, GC and JIT), -1 if unknown
 * @param peakRssBytes {@code VmHWM} of the child, or -1 if it could not be read
 * @param meanWorkNanos mean real duration of one job's timed work (a 5 ms sleep), -1 for none
 * @param spread where the run's time went, null when the child did not say
 */
public record ChildResult(long completed, long elapsedNanos, boolean timedOut, long cpuNanos, long peakRssBytes,
    long meanWorkNanos, RunSpread spread) {

  public ChildResult(long completed, long elapsedNanos, boolean timedOut, long cpuNanos, long peakRssBytes) {
    this(completed, elapsedNanos, timedOut, cpuNanos, peakRssBytes, -1, null);
  }

  /** Completed records per second; 0 when nothing was measured. */
  public double rate() {
    return elapsedNanos <= 0 ? 0 : completed * 1e9 / elapsedNanos;
  }

  /** CPU milliseconds per 1,000 records: what a record costs regardless of how busy the machine was; -1 if unknown. */
  public double cpuMillisPerThousand() {
    return cpuNanos < 0 || completed == 0 ? -1 : cpuNanos / 1e6 / (completed / 1000.0);
  }

  /**
   * Parses {@code RESULT completed=N elapsedNanos=E timedOut=B cpuNanos=C [meanWorkNanos=W]
   * [firstRecordMillis=F gcCount=G gcMillis=M jitMillis=J allocatedBytes=A shareMillis=S,S,...]}.
   */
  static ChildResult parse(String line, long peakRssBytes) {
    if (!line.startsWith("RESULT ")) {
      throw new IllegalArgumentException("not a RESULT line: '" + line + "'");
    }
    long completed = -1;
    long elapsed = -1;
    Boolean timedOut = null;
    long cpu = Long.MIN_VALUE;
    long work = -1;
    long firstRecord = -1;
    long gcCount = -1;
    long gcMillis = -1;
    long jit = -1;
    long allocated = -1;
    java.util.List<Long> shares = null;
    for (String part : line.substring("RESULT ".length()).trim().split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("malformed RESULT line: '" + line + "'");
      }
      String value = part.substring(eq + 1);
      switch (part.substring(0, eq)) {
        case "completed" -> completed = Long.parseLong(value);
        case "elapsedNanos" -> elapsed = Long.parseLong(value);
        case "timedOut" -> timedOut = Boolean.parseBoolean(value);
        case "cpuNanos" -> cpu = Long.parseLong(value);
        case "meanWorkNanos" -> work = Long.parseLong(value);
        case "firstRecordMillis" -> firstRecord = Long.parseLong(value);
        case "gcCount" -> gcCount = Long.parseLong(value);
        case "gcMillis" -> gcMillis = Long.parseLong(value);
        case "jitMillis" -> jit = Long.parseLong(value);
        case "allocatedBytes" -> allocated = Long.parseLong(value);
        case "shareMillis" -> shares = RunSpread.parseShares(value);
        default -> throw new IllegalArgumentException("unknown field in RESULT line: '" + line + "'");
      }
    }
    if (completed < 0 || elapsed < 0 || timedOut == null || cpu == Long.MIN_VALUE) {
      throw new IllegalArgumentException("incomplete RESULT line: '" + line + "'");
    }
    RunSpread spread = firstRecord < 0 || gcCount < 0 || shares == null
        ? null : new RunSpread(firstRecord, gcCount, gcMillis, jit, allocated, shares);
    return new ChildResult(completed, elapsed, timedOut, cpu, peakRssBytes, work, spread);
  }
}
