package dev.jobpipe.consumer;

import java.util.Locale;

/**
 * Which jobs of one partition may run at the same time. Every mode commits only the contiguous
 * done prefix of a partition, so the choice trades parallelism for ordering, never safety.
 */
public enum Ordering {
  /** One job at a time per partition, in offset order: Kafka's classic guarantee. */
  PARTITION,
  /**
   * One job at a time per record key, in offset order; different keys run in parallel. Records
   * without a key run unordered. The default: ordering where publishers asked for it, parallelism
   * everywhere else.
   */
  KEY,
  /** Any job may run at any time: the most parallelism. */
  NONE;

  /** The lower-case name used in configuration and on the command line. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a configuration value case-insensitively; {@link IllegalArgumentException} otherwise. */
  public static Ordering parse(String value) {
    for (Ordering o : values()) {
      if (o.configValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return o;
      }
    }
    throw new IllegalArgumentException("invalid ordering '" + value + "': expected partition, key or none");
  }
}
