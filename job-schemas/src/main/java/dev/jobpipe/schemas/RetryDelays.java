package dev.jobpipe.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats the delay labels used in retry tier topic names and on the command line
 * ({@code 500ms}, {@code 5s}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}), so that a tier's
 * topic name and its delay can never disagree.
 */
public final class RetryDelays {

  private static final Pattern LABEL = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  private RetryDelays() {}

  /** Parses one label; throws {@link IllegalArgumentException} naming the bad value. */
  public static Duration parse(String label) {
    Matcher m = label == null ? null : LABEL.matcher(label.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "invalid duration '" + label + "': expected a number and a unit (ms, s, m, h, d), e.g. 30s");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
    if (d.isZero()) {
      throw new IllegalArgumentException("invalid duration '" + label + "': must be positive");
    }
    return d;
  }

  /** Parses a comma-separated list such as {@code 5s,30s,5m}; at least one entry. */
  public static List<Duration> parseList(String labels) {
    if (labels == null || labels.isBlank()) {
      throw new IllegalArgumentException("invalid tier list '" + labels + "': expected e.g. 5s,30s,5m");
    }
    List<Duration> out = new ArrayList<>();
    for (String part : labels.split(",")) {
      out.add(parse(part));
    }
    return List.copyOf(out);
  }

  /** The shortest exact label of {@code delay}: 5000 ms is {@code 5s}, 90 s is {@code 90s}. */
  public static String format(Duration delay) {
    long ms = delay.toMillis();
    if (ms <= 0) {
      throw new IllegalArgumentException("delay must be positive: " + delay);
    }
    if (ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1000L == 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }
}
