package dev.jobpipe.schemas.topics;

import dev.jobpipe.schemas.JobTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One desired topic: name, role, size and the topic configs jobpipe manages; the one home of topic
 * settings, used by {@code jobpipe topics apply} and by every component that creates a topic it
 * finds missing (the retry router's tiers and DLQ, the DLQ replay log). The policy, and why:
 *
 * <ul>
 *   <li>every topic: {@code unclean.leader.election.enable=false} (an out-of-sync replica must never
 *       lose acknowledged jobs), {@code min.insync.replicas} = max(1, min(2, R-1)): with R=2 a single
 *       broker down must not stop publishing, with R&ge;3 every acknowledged job is on two brokers;
 *   <li>event topics: {@code cleanup.policy=delete} with a retention per role;
 *       {@code jobs.T}, {@code jobs.T.done} and {@code jobs.T.scheduled}: 7 days, enough for workers
 *       (ledger, scheduler) to be down over a long weekend;
 *   <li>{@code jobs.T.failed}: 3 days, the router consumes it continuously; the slack covers a
 *       router outage;
 *   <li>{@code jobs.T.retry.<d>}: the larger of 3 days and 10 &times; d, so a job never expires
 *       while waiting out its delay, even with the forwarder down for a while;
 *   <li>{@code jobs.T.dlq}: 30 days, for an operator to inspect and replay;
 *   <li>failed, retry and DLQ topics accept {@value #HANDOFF_HEADROOM_BYTES} bytes more than the main
 *       topic ({@code max.message.bytes}), room for the error headers the worker adds: a job its main
 *       topic accepted can always be handed over, instead of wedging its partition;
 *   <li>state topics ({@code jobs.T.control}, {@code jobs.T.dlq.replayed}, {@code jobpipe.cron}):
 *       {@code cleanup.policy=compact}, one partition.
 * </ul>
 */
public record TopicSpec(String name, TopicRole role, int partitions, int replicationFactor, Map<String, String> configs) {

  public static final Duration MAIN_RETENTION = Duration.ofDays(7);
  public static final Duration FAILED_RETENTION = Duration.ofDays(3);
  public static final Duration RETRY_MIN_RETENTION = Duration.ofDays(3);
  public static final int RETRY_RETENTION_DELAYS = 10;
  public static final Duration DLQ_RETENTION = Duration.ofDays(30);
  /** Kafka's default {@code message.max.bytes}, the main topic's limit unless an operator raised it. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
  /** Extra bytes a failed, retry or DLQ record may carry over the job it wraps (the worker's headers). */
  public static final int HANDOFF_HEADROOM_BYTES = 64 * 1024;
  /** Partitions of a compacted state topic. */
  public static final int STATE_PARTITIONS = 1;
  /** Largest replication factor chosen when none is asked for: one per broker, up to 3. */
  public static final int MAX_DEFAULT_REPLICATION = 3;

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    configs = Collections.unmodifiableMap(new TreeMap<>(configs));
  }

  /**
   * Every per-type topic of {@code type} (DESIGN.md's table): main, failed, one per retry tier, DLQ,
   * done, scheduled, control, in that order; the main topic's limit is Kafka's default.
   */
  public static List<TopicSpec> desired(String type, int partitions, int replicationFactor, List<Duration> tiers) {
    return desired(type, partitions, replicationFactor, tiers, DEFAULT_MAX_MESSAGE_BYTES);
  }

  /** As {@link #desired(String, int, int, List)}, with the main topic's {@code max.message.bytes}. */
  public static List<TopicSpec> desired(
      String type, int partitions, int replicationFactor, List<Duration> tiers, int mainMaxMessageBytes) {
    JobTopics topics = JobTopics.of(type);
    List<TopicSpec> specs = new ArrayList<>();
    specs.add(of(TopicRole.MAIN, topics.main(), partitions, replicationFactor, null, mainMaxMessageBytes));
    specs.add(of(TopicRole.FAILED, topics.failed(), partitions, replicationFactor, null, mainMaxMessageBytes));
    for (Duration tier : tiers) {
      specs.add(of(TopicRole.RETRY, topics.retry(tier), partitions, replicationFactor, tier, mainMaxMessageBytes));
    }
    specs.add(of(TopicRole.DLQ, topics.dlq(), partitions, replicationFactor, null, mainMaxMessageBytes));
    specs.add(of(TopicRole.DONE, topics.done(), partitions, replicationFactor, null, mainMaxMessageBytes));
    specs.add(of(TopicRole.SCHEDULED, topics.scheduled(), partitions, replicationFactor, null, mainMaxMessageBytes));
    specs.add(of(TopicRole.CONTROL, topics.control(), partitions, replicationFactor, null, mainMaxMessageBytes));
    return List.copyOf(specs);
  }

  /** The DLQ of {@code type}, as the router creates it when missing. */
  public static TopicSpec dlq(String type, int partitions, int replicationFactor) {
    return of(TopicRole.DLQ, JobTopics.of(type).dlq(), partitions, replicationFactor, null, DEFAULT_MAX_MESSAGE_BYTES);
  }

  /** The retry tier {@code delay} of {@code type}, as the router creates it when missing. */
  public static TopicSpec retry(String type, Duration delay, int partitions, int replicationFactor) {
    return of(TopicRole.RETRY, JobTopics.of(type).retry(delay), partitions, replicationFactor, delay,
        DEFAULT_MAX_MESSAGE_BYTES);
  }

  /** The DLQ replay log of {@code type}. */
  public static TopicSpec dlqReplayed(String type, int replicationFactor) {
    return of(TopicRole.DLQ_REPLAYED, JobTopics.of(type).dlqReplayed(), STATE_PARTITIONS, replicationFactor, null,
        DEFAULT_MAX_MESSAGE_BYTES);
  }

  /** {@code jobpipe.cron}, the recurring-job definitions. */
  public static TopicSpec cron(int replicationFactor) {
    return of(TopicRole.CRON, JobTopics.CRON, STATE_PARTITIONS, replicationFactor, null, DEFAULT_MAX_MESSAGE_BYTES);
  }

  private static TopicSpec of(
      TopicRole role, String name, int partitions, int replicationFactor, Duration tier, int mainMaxMessageBytes) {
    Map<String, String> configs = new TreeMap<>();
    configs.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
    configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSyncReplicas(replicationFactor)));
    if (role.compacted()) {
      configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    } else {
      configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
      configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention(role, tier).toMillis()));
    }
    if (role == TopicRole.FAILED || role == TopicRole.RETRY || role == TopicRole.DLQ) {
      configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(handoffMaxMessageBytes(mainMaxMessageBytes)));
    }
    return new TopicSpec(name, role, role.typePartitions() ? partitions : STATE_PARTITIONS, replicationFactor, configs);
  }

  private static Duration retention(TopicRole role, Duration tier) {
    return switch (role) {
      case FAILED -> FAILED_RETENTION;
      case RETRY -> retryRetention(tier);
      case DLQ -> DLQ_RETENTION;
      default -> MAIN_RETENTION;
    };
  }

  /** max(1, min(2, R-1)); see the class comment. */
  public static int minInSyncReplicas(int replicationFactor) {
    return Math.max(1, Math.min(2, replicationFactor - 1));
  }

  /** The replication factor used when none is asked for, on a cluster of {@code brokers}. */
  public static int defaultReplicationFactor(int brokers) {
    return Math.max(1, Math.min(MAX_DEFAULT_REPLICATION, brokers));
  }

  /** Retention of a retry tier topic with delay {@code delay}. */
  public static Duration retryRetention(Duration delay) {
    Duration scaled = delay.multipliedBy(RETRY_RETENTION_DELAYS);
    return scaled.compareTo(RETRY_MIN_RETENTION) > 0 ? scaled : RETRY_MIN_RETENTION;
  }

  /** {@code max.message.bytes} of failed, retry and DLQ topics when the main topic's is {@code main}. */
  public static int handoffMaxMessageBytes(int main) {
    return (int) Math.min(Integer.MAX_VALUE, (long) main + HANDOFF_HEADROOM_BYTES);
  }

  /** The same topic with another replication factor, its dependent configs recomputed. */
  public TopicSpec withReplicationFactor(int replicationFactor) {
    Map<String, String> adjusted = new TreeMap<>(configs);
    adjusted.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSyncReplicas(replicationFactor)));
    return new TopicSpec(name, role, partitions, replicationFactor, adjusted);
  }
}
