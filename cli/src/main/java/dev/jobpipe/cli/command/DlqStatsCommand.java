package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.dlq.DeadLetterReader;
import dev.jobpipe.dlq.DlqStats;
import dev.jobpipe.dlq.OffsetRange;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jobpipe dlq stats}: how many dead letters, why, since when, and how fast they arrive. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Count dead letters by reason and by error class; oldest, newest, and the rate over the last hour.")
public final class DlqStatsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  DlqTypeOption type;

  @Override
  public Integer call() throws Exception {
    String t = type.type();
    return DlqSession.run(connection, session -> {
      DeadLetterReader reader = session.dlq(t);
      Map<Integer, OffsetRange> offsets = reader.offsets();
      DlqStats stats = DlqStats.of(reader, Clock.systemUTC());
      PrintWriter out = spec.commandLine().getOut();
      out.println(reader.topic() + ": " + DlqFormat.count(stats.total(), "dead letter", "dead letters")
          + " in " + DlqFormat.count(offsets.size(), "partition", "partitions"));
      if (stats.total() > 0) {
        out.printf("  %-10s %s%n", "oldest", DlqFormat.time(stats.oldest()));
        out.printf("  %-10s %s%n", "newest", DlqFormat.time(stats.newest()));
        out.printf("  %-10s %d in the last hour (%.2f/min)%n", "rate", stats.lastHour(), stats.perMinuteLastHour());
        if (stats.hiddenCopies() > 0) {
          out.printf("  %-10s %d not counted (same origin and attempt as a counted letter)%n", "copies",
              stats.hiddenCopies());
        }
        section(out, "By reason", stats.byReasonSorted());
        section(out, "By error class", stats.byErrorClassSorted());
      }
      out.flush();
      return 0;
    });
  }

  private static void section(PrintWriter out, String title, Map<String, Long> counts) {
    out.println();
    out.println(title);
    int width = counts.keySet().stream().mapToInt(String::length).max().orElse(0);
    counts.forEach((k, n) -> out.printf("  %-" + width + "s  %d%n", k, n));
  }
}
