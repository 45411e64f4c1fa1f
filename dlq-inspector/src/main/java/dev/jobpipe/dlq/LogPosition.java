package dev.jobpipe.dlq;

import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A point in a topic's partitions given by the operator: an offset (the same number in every
 * partition) or a time (each partition's first record at or after it). Ranges built from positions
 * are half-open: {@code from} is included, {@code to} and {@code before} are not.
 */
public sealed interface LogPosition {

  /** An offset, applied to every partition. */
  record Offset(long offset) implements LogPosition {
    public Offset {
      if (offset < 0) {
        throw new IllegalArgumentException("invalid offset " + offset + ": must not be negative");
      }
    }

    @Override
    public String toString() {
      return "offset " + offset;
    }
  }

  /** A time: per partition, the first record whose timestamp is at or after it. */
  record Time(Instant time) implements LogPosition {
    @Override
    public String toString() {
      return time.toString();
    }
  }

  /** All digits: an offset; otherwise a time as {@link Times#parse} reads it. */
  static LogPosition parse(String text, Clock clock) {
    String t = text == null ? "" : text.strip();
    if (Pattern.matches("[0-9]+", t)) {
      try {
        return new Offset(Long.parseLong(t));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid offset '" + text + "': too large");
      }
    }
    if (t.startsWith("-") && Pattern.matches("-[0-9]+", t)) {
      throw new IllegalArgumentException("invalid offset '" + text + "': must not be negative");
    }
    try {
      return new Time(Times.parse(t, clock));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid position '" + text
          + "': expected an offset (e.g. 1500), ISO-8601 time (2024-05-01T10:00:00Z) or age (30m, 2h, 7d)");
    }
  }
}
