package dev.jobpipe.dlq;

import dev.jobpipe.schemas.RetryDelays;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * Parses the time arguments of the inspector ({@code --since}, {@code --until}, {@code --before},
 * {@code --from}, {@code --to}): an ISO-8601 instant or date-time ({@code 2024-05-01T10:00:00Z},
 * {@code 2024-05-01T12:00:00+02:00}; without an offset it is UTC), a date ({@code 2024-05-01},
 * midnight UTC), or an age relative to now ({@code 30m}, {@code 2h}, {@code 7d}) in the units of
 * retry tiers.
 */
public final class Times {

  private static final Pattern RELATIVE = Pattern.compile("[0-9]+(ms|s|m|h|d)");

  private Times() {}

  /** Parses {@code text}; throws {@link IllegalArgumentException} quoting it when it is neither form. */
  public static Instant parse(String text, Clock clock) {
    String t = text == null ? "" : text.strip();
    if (RELATIVE.matcher(t).matches()) {
      try {
        return clock.instant().minus(RetryDelays.parse(t));
      } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
        throw invalid(text);
      }
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeException ignored) {
      // try the next form
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeException ignored) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException ignored) {
      // try the next form
    }
    try {
      return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw invalid(text);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("invalid time '" + text
        + "': expected ISO-8601 such as 2024-05-01T10:00:00Z, or an age such as 30m, 2h, 7d");
  }
}
