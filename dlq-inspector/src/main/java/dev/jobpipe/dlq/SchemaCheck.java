package dev.jobpipe.dlq;

import java.util.Optional;

/**
 * Whether a dead letter's payload still fits its job type, checked before a replay so that a
 * letter the current workers cannot decode is listed and skipped rather than sent back to fail
 * again. The registry-backed check asks whether the latest schema of {@code jobs.T-value} can read
 * the letter's writer schema.
 */
@FunctionalInterface
public interface SchemaCheck {

  /** A check that accepts everything (for topics whose payloads are not jobpipe jobs). */
  SchemaCheck NONE = value -> Optional.empty();

  /**
   * Why {@code value} cannot be replayed, or empty when it fits. Throws only when the check itself
   * cannot run (registry unreachable, type has no schema): then no letter can be judged.
   */
  Optional<String> problem(byte[] value);
}
