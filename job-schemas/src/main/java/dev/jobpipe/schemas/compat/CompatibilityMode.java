package dev.jobpipe.schemas.compat;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which earlier versions a new schema must stay compatible with, and in which direction; the
 * modes (and names) of the Confluent Schema Registry.
 *
 * <ul>
 *   <li>BACKWARD: the new schema reads data written with the previous version (upgrade workers
 *       first). The default.
 *   <li>FORWARD: the previous version reads data written with the new schema (upgrade publishers
 *       first).
 *   <li>FULL: both.
 *   <li>*_TRANSITIVE: the same against every earlier version, not only the last; what a topic with
 *       long retention, retry tiers and dead-letter replay needs.
 *   <li>NONE: no check.
 * </ul>
 */
public enum CompatibilityMode {
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true),
  NONE(false, false, false);

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityMode(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /** Whether the new schema must read data of earlier versions. */
  public boolean backward() {
    return backward;
  }

  /** Whether earlier versions must read data of the new schema. */
  public boolean forward() {
    return forward;
  }

  /** Whether every earlier version is checked, not only the latest. */
  public boolean transitive() {
    return transitive;
  }

  /** The versions ({@code history} oldest first) this mode checks a new schema against. */
  public <T> List<T> versionsToCheck(List<T> history) {
    if (this == NONE || history.isEmpty()) {
      return List.of();
    }
    return transitive ? history : List.of(history.get(history.size() - 1));
  }

  /** Parses a mode name case-insensitively; the error lists the valid names. */
  public static CompatibilityMode parse(String value) {
    String name = value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (CompatibilityMode mode : values()) {
      if (mode.name().equals(name)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown compatibility mode '" + value + "'; expected one of "
        + Arrays.toString(values()));
  }
}
