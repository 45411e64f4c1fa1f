package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.dlq.DeadLetter;
import dev.jobpipe.dlq.DeadLetterFilter;
import dev.jobpipe.dlq.DeadLetterReader;
import dev.jobpipe.dlq.LetterCopies;
import dev.jobpipe.dlq.Times;
import dev.jobpipe.schemas.DlqReason;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobpipe dlq list}: a table (or JSON lines) of the dead letters of one type, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List dead letters: job id, attempt, reason, error class, message, failed-at, DLQ offset"
        + " (partition-offset); newest first unless --by-offset.")
public final class DlqListCommand implements Callable<Integer> {

  static final int DEFAULT_LIMIT = 100;

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  DlqTypeOption type;

  @Option(names = "--reason", paramLabel = "R", description = "Only this reason: ${COMPLETION-CANDIDATES}.")
  DlqReason reason;

  @Option(names = "--error-class", paramLabel = "X", description = "Only this error class (fully-qualified or simple name).")
  String errorClass;

  @Option(names = "--since", paramLabel = "TIME", description = "Only letters that failed at or after TIME: ISO-8601 or an age (30m, 2h, 7d).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Only letters that failed before TIME: ISO-8601 or an age.")
  String until;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
      description = "At most N letters (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--by-offset", description = "Oldest first, partition by partition in offset order.")
  boolean byOffset;

  @Option(names = "--json", description = "One JSON object per line instead of a table.")
  boolean json;

  @Option(names = "--width", paramLabel = "COLUMNS", description = "Table width (default $COLUMNS, else 160).")
  Integer width;

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemUTC();
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be positive: " + limit);
    }
    DeadLetterFilter filter = DeadLetterFilter.all()
        .withReason(reason)
        .withErrorClass(errorClass)
        .withSince(since == null ? null : Times.parse(since, clock))
        .withUntil(until == null ? null : Times.parse(until, clock));
    int columns = DlqFormat.width(width);
    String dlqTopic = type.topics().dlq();
    return DlqSession.run(connection, session -> {
      DeadLetterReader reader = session.dlq(type.type());
      LetterCopies copies = new LetterCopies();
      List<DeadLetter> letters = byOffset ? reader.byOffset(filter, limit, copies) : reader.newestFirst(filter, limit, copies);
      long hidden = copies.hiddenBehind(letters);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        letters.forEach(l -> out.println(DlqJson.line(l)));
      } else if (letters.isEmpty()) {
        out.println(filter.isAll() ? "no dead letters in " + dlqTopic : "no dead letters in " + dlqTopic + " match");
      } else {
        out.print(DlqFormat.listTable(letters).render(columns));
        out.println(DlqFormat.count(letters.size(), "dead letter", "dead letters") + " of " + dlqTopic
            + (letters.size() == limit ? " (limit reached; --limit N shows more)" : ""));
        if (hidden > 0) {
          out.println(DlqFormat.count(hidden, "copy", "copies") + " of these letters hidden (same origin and attempt:"
              + " a worker that crashed before committing past a job dead-letters it again)");
        }
      }
      out.flush();
      return 0;
    });
  }
}
