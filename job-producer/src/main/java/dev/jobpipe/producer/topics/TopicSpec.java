package dev.jobpipe.producer.topics;

import dev.jobpipe.schemas.JobTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One desired topic: name, role, size and the topic configs jobpipe manages. {@link #desired}
 * computes the whole set for a job type; the policy, and why:
 *
 * <ul>
 *   <li>every topic: {@code cleanup.policy=delete} (jobs are events, not state),
 *       {@code unclean.leader.election.enable=false} (an out-of-sync replica must never lose
 *       acknowledged jobs), {@code min.insync.replicas} = max(1, min(2, R-1)): with R=2 a single
 *       broker down must not stop publishing, with R&ge;3 every acknowledged job is on two brokers;
 *   <li>{@code jobs.T}: retention 7 days, enough for workers to be down over a long weekend;
 *   <li>{@code jobs.T.failed}: 3 days, the router consumes it continuously; the slack covers a
 *       router outage;
 *   <li>{@code jobs.T.retry.<d>}: the larger of 3 days and 10 &times; d, so a job never expires
 *       while waiting out its delay, even with the forwarder down for a while;
 *   <li>{@code jobs.T.dlq}: 30 days, for an operator to inspect and replay;
 *   <li>{@code jobs.T.scheduled}: 7 days, like the main topic: the scheduler keeps pending jobs in
 *       its own changelogged store once read, however far ahead they are due;
 *   <li>{@code jobs.T.done}: 7 days like the main topic, so a ledger rebuilt from scratch sees the
 *       outcome of every job whose enqueue it still sees.
 * </ul>
 */
public record TopicSpec(String name, TopicRole role, int partitions, int replicationFactor, Map<String, String> configs) {

  public static final Duration MAIN_RETENTION = Duration.ofDays(7);
  public static final Duration FAILED_RETENTION = Duration.ofDays(3);
  public static final Duration RETRY_MIN_RETENTION = Duration.ofDays(3);
  public static final int RETRY_RETENTION_DELAYS = 10;
  public static final Duration DLQ_RETENTION = Duration.ofDays(30);

  public TopicSpec {
    configs = Collections.unmodifiableMap(new TreeMap<>(configs));
  }

  /** The topics of {@code type}: main, failed, one per retry tier, DLQ, scheduled, done, in that order. */
  public static List<TopicSpec> desired(String type, int partitions, int replicationFactor, List<Duration> tiers) {
    JobTopics topics = JobTopics.of(type);
    List<TopicSpec> specs = new ArrayList<>();
    specs.add(new TopicSpec(topics.main(), TopicRole.MAIN, partitions, replicationFactor,
        configs(replicationFactor, MAIN_RETENTION)));
    specs.add(new TopicSpec(topics.failed(), TopicRole.FAILED, partitions, replicationFactor,
        configs(replicationFactor, FAILED_RETENTION)));
    for (Duration tier : tiers) {
      specs.add(new TopicSpec(topics.retry(tier), TopicRole.RETRY, partitions, replicationFactor,
          configs(replicationFactor, retryRetention(tier))));
    }
    specs.add(new TopicSpec(topics.dlq(), TopicRole.DLQ, partitions, replicationFactor,
        configs(replicationFactor, DLQ_RETENTION)));
    specs.add(new TopicSpec(topics.scheduled(), TopicRole.SCHEDULED, partitions, replicationFactor,
        configs(replicationFactor, MAIN_RETENTION)));
    specs.add(new TopicSpec(topics.done(), TopicRole.DONE, partitions, replicationFactor,
        configs(replicationFactor, MAIN_RETENTION)));
    return List.copyOf(specs);
  }

  /** The managed configs of a topic with {@code replicationFactor} replicas and the given retention. */
  public static Map<String, String> configs(int replicationFactor, Duration retention) {
    Map<String, String> configs = new TreeMap<>();
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSyncReplicas(replicationFactor)));
    configs.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
    return configs;
  }

  /** max(1, min(2, R-1)); see the class comment. */
  public static int minInSyncReplicas(int replicationFactor) {
    return Math.max(1, Math.min(2, replicationFactor - 1));
  }

  /** Retention of a retry tier topic with delay {@code delay}. */
  public static Duration retryRetention(Duration delay) {
    Duration scaled = delay.multipliedBy(RETRY_RETENTION_DELAYS);
    return scaled.compareTo(RETRY_MIN_RETENTION) > 0 ? scaled : RETRY_MIN_RETENTION;
  }

  /** The same topic with another replication factor, its dependent configs recomputed. */
  TopicSpec withReplicationFactor(int replicationFactor) {
    Map<String, String> adjusted = new TreeMap<>(configs);
    adjusted.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSyncReplicas(replicationFactor)));
    return new TopicSpec(name, role, partitions, replicationFactor, adjusted);
  }
}
