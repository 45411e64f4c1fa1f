package dev.jobpipe.cli.command;

import dev.jobpipe.dlq.DeadLetter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** How the dlq verbs print letters: the list table's columns and rows, times, counts. */
final class DlqFormat {

  static final int DEFAULT_WIDTH = 160;
  static final int ERROR_CLASS_WIDTH = 30;

  private DlqFormat() {}

  /** The table of {@code dlq list}: job id, attempt, reason, error class, message (cut to fit), failed-at, DLQ offset. */
  static DlqTable listTable(List<DeadLetter> letters) {
    DlqTable table = new DlqTable(List.of(
        DlqTable.Column.fixed("JOB ID", 36),
        DlqTable.Column.fixed("ATTEMPT", 7),
        DlqTable.Column.fixed("REASON", 11),
        DlqTable.Column.fixed("ERROR CLASS", ERROR_CLASS_WIDTH),
        DlqTable.Column.flexible("MESSAGE", 16),
        DlqTable.Column.fixed("FAILED AT", 20),
        DlqTable.Column.fixed("DLQ OFFSET", 24)));
    for (DeadLetter l : letters) {
      table.row(List.of(
          l.jobId(),
          Integer.toString(l.attempt()),
          l.reason() == null ? "-" : l.reason().name(),
          l.errorClass() == null ? "-" : DlqTable.abbreviateClass(l.errorClass(), ERROR_CLASS_WIDTH),
          l.errorMessage() == null ? "" : l.errorMessage(),
          time(l.failedAt()),
          l.position()));
    }
    return table;
  }

  /** An instant to the second, UTC, ISO-8601: {@code 2024-05-01T10:00:00Z}. */
  static String time(Instant t) {
    return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** {@code 1 dead letter}, {@code 3 dead letters}. */
  static String count(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }

  /** The terminal width: {@code --width} when given, else {@code $COLUMNS}, else {@value #DEFAULT_WIDTH}. */
  static int width(Integer option) {
    if (option != null) {
      if (option < 40) {
        throw new IllegalArgumentException("--width must be at least 40: " + option);
      }
      return option;
    }
    String env = System.getenv("COLUMNS");
    if (env != null) {
      try {
        int w = Integer.parseInt(env.strip());
        if (w >= 40) {
          return w;
        }
      } catch (NumberFormatException ignored) {
        // fall through to the default
      }
    }
    return DEFAULT_WIDTH;
  }
}
