package dev.jobpipe.cli.command;

import dev.jobpipe.dlq.ProgressListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress of a long replay on stderr, at most one line per interval, so a replay of a few records
 * prints nothing and one of millions shows it is alive without flooding the terminal.
 */
final class DlqProgress implements ProgressListener {

  static final Duration INTERVAL = Duration.ofSeconds(2);

  private final PrintWriter err;
  private final Clock clock;
  private final String what;
  private final Instant start;
  private Instant last;

  DlqProgress(PrintWriter err, Clock clock, String what) {
    this.err = err;
    this.clock = clock;
    this.what = what;
    this.start = clock.instant();
    this.last = start;
  }

  @Override
  public void progress(long done, long total) {
    Instant now = clock.instant();
    if (Duration.between(last, now).compareTo(INTERVAL) < 0 || done >= total) {
      return;
    }
    last = now;
    long percent = total == 0 ? 100 : done * 100 / total;
    double seconds = Math.max(0.001, Duration.between(start, now).toMillis() / 1000.0);
    err.printf("%s: %d/%d offsets read (%d%%), %.0f/s%n", what, done, total, percent, done / seconds);
    err.flush();
  }
}
