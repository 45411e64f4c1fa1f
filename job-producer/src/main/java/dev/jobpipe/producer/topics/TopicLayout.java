package dev.jobpipe.producer.topics;

import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.RetryDelays;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What an operator asks for one job type: partitions, replication factor, retry tiers. A value left
 * empty means "keep what exists, or use the default when creating": partitions
 * {@value #DEFAULT_PARTITIONS}, replication factor the smaller of 3 and the number of brokers, tiers
 * {@link #DEFAULT_TIERS}. Partition counts apply to every topic of the type, so the retry router and
 * the workers scale alike.
 */
public record TopicLayout(
    String type, OptionalInt partitions, OptionalInt replicationFactor, List<Duration> tiers) {

  public static final int DEFAULT_PARTITIONS = 6;
  public static final List<Duration> DEFAULT_TIERS = RetryDelays.parseList("5s,30s,5m");
  /** Kafka's limit on a replication factor (a short). */
  private static final int MAX_REPLICATION = Short.MAX_VALUE;

  public TopicLayout {
    JobTopics.validateType(type);
    Objects.requireNonNull(partitions, "partitions");
    Objects.requireNonNull(replicationFactor, "replicationFactor");
    if (partitions.isPresent() && partitions.getAsInt() < 1) {
      throw new IllegalArgumentException("partitions of " + type + " must be at least 1, got " + partitions.getAsInt());
    }
    if (replicationFactor.isPresent()
        && (replicationFactor.getAsInt() < 1 || replicationFactor.getAsInt() > MAX_REPLICATION)) {
      throw new IllegalArgumentException(
          "replication factor of " + type + " must be between 1 and " + MAX_REPLICATION + ", got " + replicationFactor.getAsInt());
    }
    tiers = tiers == null ? DEFAULT_TIERS : List.copyOf(tiers);
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("at least one retry tier is required for " + type);
    }
    Set<String> seen = new HashSet<>();
    for (Duration tier : tiers) {
      if (!seen.add(RetryDelays.format(tier))) {
        throw new IllegalArgumentException("retry tier " + RetryDelays.format(tier) + " of " + type + " is listed twice");
      }
    }
  }

  /** The defaults for {@code type}: keeps existing partitions, default tiers. */
  public static TopicLayout of(String type) {
    return new TopicLayout(type, OptionalInt.empty(), OptionalInt.empty(), null);
  }

  public TopicLayout withPartitions(int partitions) {
    return new TopicLayout(type, OptionalInt.of(partitions), replicationFactor, tiers);
  }

  public TopicLayout withReplicationFactor(int replicationFactor) {
    return new TopicLayout(type, partitions, OptionalInt.of(replicationFactor), tiers);
  }

  public TopicLayout withTiers(List<Duration> tiers) {
    return new TopicLayout(type, partitions, replicationFactor, tiers);
  }
}
