package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.dlq.DeadLetter;
import dev.jobpipe.dlq.DeadLetterHeader;
import dev.jobpipe.dlq.DeadLetterReader;
import dev.jobpipe.dlq.PayloadView;
import dev.jobpipe.schemas.JobHeaders;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe dlq show}: one dead letter in full: what failed and why, the job's history as far
 * as its headers tell, every header, the payload decoded to JSON, the stack trace.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show one dead letter in full: failure, history, every header, payload as JSON, stack trace.")
public final class DlqShowCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  DlqTypeOption type;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Selector selector;

  static final class Selector {
    @Option(names = "--job-id", paramLabel = "ID", description = "Every letter of this job, newest first.")
    String jobId;

    @ArgGroup(exclusive = false)
    Position position;
  }

  static final class Position {
    @Option(names = "--offset", required = true, paramLabel = "N", description = "The letter at this DLQ offset.")
    long offset;

    @Option(names = "--partition", paramLabel = "P", defaultValue = "0", description = "DLQ partition of --offset (default 0).")
    int partition;
  }

  @Override
  public Integer call() throws Exception {
    if (selector.position != null && (selector.position.offset < 0 || selector.position.partition < 0)) {
      throw new IllegalArgumentException("--offset and --partition must not be negative");
    }
    String t = type.type();
    return DlqSession.run(connection, session -> {
      DeadLetterReader reader = session.dlq(t);
      List<DeadLetter> letters = selector.jobId != null
          ? reader.byJobId(selector.jobId)
          : List.of(reader.at(selector.position.partition, selector.position.offset));
      PrintWriter out = spec.commandLine().getOut();
      if (letters.size() > 1) {
        out.println("job " + selector.jobId + " has " + letters.size() + " dead letters, newest first");
        out.println();
      }
      for (int i = 0; i < letters.size(); i++) {
        if (i > 0) {
          out.println();
          out.println("-".repeat(72));
          out.println();
        }
        DeadLetter letter = letters.get(i);
        PayloadView payload = PayloadView.of(letter.value(), letter.schemaId(), bytes -> session.codec().decode(bytes));
        print(out, letter, payload);
      }
      out.flush();
      return 0;
    });
  }

  static void print(PrintWriter out, DeadLetter l, PayloadView payload) {
    out.println("Dead letter " + l.topic() + " " + l.position() + " (" + l.convention().name().toLowerCase(Locale.ROOT)
        + " convention)");
    field(out, "job id", l.jobId());
    field(out, "job state", "jobpipe jobs show " + l.jobId());
    field(out, "attempt", Integer.toString(l.attempt()));
    field(out, "reason", l.reason() == null ? "-" : l.reason().name());
    field(out, "error class", orDash(l.errorClass()));
    field(out, "message", orDash(l.errorMessage()));
    field(out, "failed at", DlqFormat.time(l.failedAt()));

    out.println();
    out.println("History");
    field(out, "enqueued at", l.enqueuedAt() == null ? "unknown" : DlqFormat.time(l.enqueuedAt()));
    field(out, "attempts", l.attempt() + (l.attempt() > 1 ? " (" + (l.attempt() - 1) + " retried)" : ""));
    field(out, "last read from", l.origin() == null ? "unknown" : l.origin().toString());
    field(out, "failed at", DlqFormat.time(l.failedAt()));
    field(out, "dead-lettered at", DlqFormat.time(l.timestamp()) + (l.reason() == null ? "" : " (" + l.reason() + ")"));
    field(out, "replay of", l.replayOf() == null ? "- (never replayed before)" : l.replayOf());
    l.header(JobHeaders.TRACEPARENT).ifPresent(h -> field(out, "trace", h.text()));

    out.println();
    out.println("Headers (" + l.headers().size() + ")");
    for (DeadLetterHeader h : l.headers()) {
      String text = h.text().contains("\n") ? h.text().lines().findFirst().orElse("") + " ...(" + h.text().lines().count()
          + " lines, see stack trace)" : h.text();
      out.println("  " + h.name() + " = " + text);
    }

    out.println();
    out.println("Key");
    out.println("  " + l.keyText());

    out.println();
    if (payload.decoded()) {
      out.println("Payload (schema id " + payload.schemaId() + ", " + payload.schemaName() + ")");
      payload.json().lines().forEach(line -> out.println("  " + line));
    } else {
      out.println("Payload" + (payload.schemaId() == null ? "" : " (schema id " + payload.schemaId() + ")"));
      out.println("  " + payload.problem());
      if (l.value() != null) {
        out.println("  raw: " + l.valuePreview());
      }
    }

    out.println();
    out.println("Stack trace");
    if (l.errorStack() == null) {
      out.println("  (none recorded)");
    } else {
      l.errorStack().lines().forEach(line -> out.println("  " + line));
    }
  }

  private static void field(PrintWriter out, String name, String value) {
    out.printf("  %-17s %s%n", name, value);
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }
}
