package dev.jobpipe.dlq;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast a replay may send, so that replaying a large DLQ does not flood the workers that the
 * fix is meant to relieve. {@link #UNLIMITED} sends as fast as the producer acknowledges.
 */
public record RateLimit(double perSecond) {

  public static final RateLimit UNLIMITED = new RateLimit(Double.POSITIVE_INFINITY);

  private static final Pattern FORM = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(?:/\\s*(s|m|h))?");

  public RateLimit {
    if (Double.isNaN(perSecond) || perSecond <= 0) {
      throw new IllegalArgumentException("invalid rate " + perSecond + ": must be positive");
    }
  }

  public boolean unlimited() {
    return Double.isInfinite(perSecond);
  }

  /** Parses {@code 100/s}, {@code 600/m}, {@code 3600/h} or a bare number (per second). */
  public static RateLimit parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text.strip());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("invalid rate '" + text + "': expected e.g. 100/s, 600/m or 50");
    }
    double n = Double.parseDouble(m.group(1));
    double divisor = m.group(2) == null ? 1 : switch (m.group(2)) {
      case "m" -> 60;
      case "h" -> 3600;
      default -> 1;
    };
    if (n <= 0) {
      throw new IllegalArgumentException("invalid rate '" + text + "': must be positive");
    }
    return new RateLimit(n / divisor);
  }

  @Override
  public String toString() {
    return unlimited() ? "unlimited" : perSecond + "/s";
  }
}
