package dev.jobpipe.schemas.control;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * The {@code rate} key: jobs per second for the whole type (all workers of its group together), or
 * no limit. Removing a limit is written as a value without {@code perSecond} so the topic keeps who
 * removed it and when.
 *
 * @param perSecond the limit, positive and finite; null for no limit
 */
public record RateLimit(Double perSecond, String by, Instant at, String reason) implements ControlEntry {

  /** The largest limit accepted: beyond it a limit means nothing to a worker. */
  public static final double MAX_PER_SECOND = 1_000_000;

  public RateLimit {
    requireValid(perSecond);
    by = Actors.require(by);
    at = Actors.millis(at, "at");
  }

  /** Returns {@code perSecond} when it is a valid limit (or null: none); else throws {@link IllegalArgumentException}. */
  public static Double requireValid(Double perSecond) {
    if (perSecond != null && !(perSecond > 0 && perSecond <= MAX_PER_SECOND)) {
      throw new IllegalArgumentException(
          "rate must be a number of jobs per second above 0 and at most " + (long) MAX_PER_SECOND + ", got " + perSecond);
    }
    return perSecond;
  }

  /** The limit, if there is one. */
  public OptionalDouble limit() {
    return perSecond == null ? OptionalDouble.empty() : OptionalDouble.of(perSecond);
  }

  @Override
  public String key() {
    return ControlKey.RATE;
  }
}
