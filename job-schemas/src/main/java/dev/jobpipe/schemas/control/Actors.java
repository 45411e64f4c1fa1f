package dev.jobpipe.schemas.control;

/**
 * Rules shared by the entries: {@link ControlEntry#by()} is a non-empty name without control
 * characters; times are kept to the millisecond, as the wire carries them.
 */
final class Actors {

  static java.time.Instant millis(java.time.Instant t, String name) {
    java.util.Objects.requireNonNull(t, name);
    return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  private Actors() {}

  static String require(String by) {
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException("who made the change ('by') must not be empty");
    }
    if (by.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("'by' must not contain control characters");
    }
    return by;
  }
}
