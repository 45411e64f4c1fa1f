package dev.jobpipe.bench.scenario;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Progress lines on standard error, so a long run shows where it is. */
public final class Console {
  private Console() {}

  public static void line(String format, Object... args) {
    System.err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " bench: " + String.format(Locale.ROOT, format, args));
  }
}
