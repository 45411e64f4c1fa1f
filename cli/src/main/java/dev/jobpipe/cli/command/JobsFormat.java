package dev.jobpipe.cli.command;

import dev.jobpipe.ledger.JobState;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.ledger.JobView;
import dev.jobpipe.ledger.internal.LedgerJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** How the {@code jobs} commands print jobs: a block per job, a table, or the ledger's JSON. */
final class JobsFormat {

  private JobsFormat() {}

  static void json(PrintWriter out, Object value) {
    out.println(LedgerJson.write(value));
  }

  /** One job, as JSON or as a block, flushed. */
  static void print(PrintWriter out, JobView job, boolean json) {
    if (json) {
      json(out, job);
    } else {
      block(out, job);
    }
    out.flush();
  }

  static void block(PrintWriter out, JobView j) {
    out.println("Job " + j.id());
    field(out, "type", j.type());
    field(out, "state", j.state() + (j.dlqReason() != null ? " (" + j.dlqReason() + ")" : ""));
    field(out, "attempt", Integer.toString(j.attempt()));
    field(out, "key", j.key());
    field(out, "enqueued at", time(j.enqueuedAt()));
    if (j.dueAt() != null) {
      field(out, "due at", time(j.dueAt()));
    }
    field(out, "finished at", time(j.finishedAt()));
    if (j.state() == JobState.SUCCEEDED) {
      field(out, "took", j.durationMs() == null ? null : j.durationMs() + " ms");
      field(out, "worker", j.worker());
      field(out, "result", j.result());
    }
    if (j.errorClass() != null) {
      field(out, "last error", j.errorClass() + ": " + j.error());
    }
    if (j.replayOf() != null) {
      field(out, "replay of", j.replayOf());
    }
    field(out, "last event", j.lastEvent());
    if (j.dlqPosition() != null) {
      field(out, "dead letter", j.dlqPosition());
      field(out, "inspect", dlqShowCommand(j));
    }
  }

  /** The {@code jobpipe dlq show} command line for a dead job's letter. */
  static String dlqShowCommand(JobView j) {
    // the position is topic-partition-offset; the topic itself may contain '-'
    String position = j.dlqPosition();
    int offsetDash = position.lastIndexOf('-');
    int partitionDash = offsetDash > 0 ? position.lastIndexOf('-', offsetDash - 1) : -1;
    if (partitionDash > 0) {
      String topic = position.substring(0, partitionDash);
      String partition = position.substring(partitionDash + 1, offsetDash);
      String offset = position.substring(offsetDash + 1);
      var type = JobTopics.typeOfDlq(topic);
      if (type.isPresent() && partition.matches("[0-9]+") && offset.matches("[0-9]+")) {
        return "jobpipe dlq show --type " + type.get() + " --partition " + partition + " --offset " + offset;
      }
    }
    return "jobpipe dlq show --type " + j.type() + " --job-id " + j.id();
  }

  static void table(PrintWriter out, List<JobView> jobs) {
    String format = "%-40s %-16s %7s  %-24s %-24s %s%n";
    out.printf(format, "ID", "STATE", "ATTEMPT", "ENQUEUED", "FINISHED", "ERROR");
    for (JobView j : jobs) {
      out.printf(format, j.id(), j.state(), j.attempt(), time(j.enqueuedAt()), time(j.finishedAt()),
          j.errorClass() == null ? "-" : j.errorClass() + ": " + j.error());
    }
  }

  private static void field(PrintWriter out, String name, String value) {
    out.printf("  %-12s %s%n", name, value == null ? "-" : value);
  }

  private static String time(Instant t) {
    return t == null ? "-" : t.toString();
  }
}
