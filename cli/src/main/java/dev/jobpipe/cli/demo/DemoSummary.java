package dev.jobpipe.cli.demo;

import dev.jobpipe.schemas.DlqReason;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;

/** The demo's account of every job, by type, and how it prints. */
public record DemoSummary(Map<String, DemoTally> rows, long duplicateSuccesses, boolean settled, Duration took) {

  public long published() {
    return rows.get("total").published;
  }

  public long succeeded() {
    return rows.get("total").succeeded;
  }

  public long deadLettered() {
    return rows.get("total").deadLetteredTotal();
  }

  public long deadLettered(DlqReason reason) {
    return rows.get("total").deadLettered.getOrDefault(reason, 0L);
  }

  public long missing() {
    return rows.get("total").missing;
  }

  /** Whether every published job ended succeeded or dead-lettered. */
  public boolean complete() {
    return settled && missing() == 0;
  }

  public void print(PrintWriter out) {
    out.printf("%nSummary after %.1f s: %s%n", took.toMillis() / 1000.0,
        complete() ? "every published job accounted for" : missing() + " job(s) NOT accounted for");
    out.printf("  %-16s %9s %9s %13s %9s %6s %11s %8s%n",
        "type", "published", "succeeded", "dead-lettered", "EXHAUSTED", "FATAL", "UNDECODABLE", "missing");
    rows.forEach((type, t) -> out.printf("  %-16s %,9d %,9d %,13d %,9d %,6d %,11d %,8d%n",
        type, t.published, t.succeeded, t.deadLetteredTotal(),
        t.deadLettered.getOrDefault(DlqReason.EXHAUSTED, 0L), t.deadLettered.getOrDefault(DlqReason.FATAL, 0L),
        t.deadLettered.getOrDefault(DlqReason.UNDECODABLE, 0L), t.missing));
    out.printf("  repeated executions of already-succeeded jobs (at-least-once): %d%n", duplicateSuccesses);
    out.flush();
  }
}
