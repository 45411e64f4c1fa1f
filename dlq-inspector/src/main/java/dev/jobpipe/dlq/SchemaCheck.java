package dev.jobpipe.dlq;

import dev.jobpipe.dlq.internal.RegistrySchemaCheck;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
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
   * The registry-backed check for {@code subject} (e.g. {@code jobs.email-value}): the writer schema
   * of each value must be readable by the subject's latest schema, fetched once per check.
   */
  static SchemaCheck registry(SchemaRegistryClient registry, AvroCodec codec, String subject) {
    return new RegistrySchemaCheck(registry, codec, subject);
  }

  /**
   * Why {@code value} cannot be replayed, or empty when it fits. Throws only when the check itself
   * cannot run (registry unreachable, type has no schema): then no letter can be judged.
   */
  Optional<String> problem(byte[] value);
}
