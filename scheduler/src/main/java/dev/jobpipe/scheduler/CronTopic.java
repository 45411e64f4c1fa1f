package dev.jobpipe.scheduler;

import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the {@code jobpipe.cron} topic when it is missing, with the settings of
 * {@link TopicSpec#cron(int)} (compacted: the latest definition per schedule name is the state).
 */
public final class CronTopic {

  /** How long the ends of recurring fires are kept: a scheduler down for longer loses them (see OverlapPolicy). */
  public static final java.time.Duration FIRE_ENDS_RETENTION = java.time.Duration.ofDays(7);

  private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(30);
  private static final java.time.Duration METADATA_POLL = java.time.Duration.ofMillis(100);

  private CronTopic() {}

  /**
   * Creates the topic unless it exists; returns true when it was created. Without a replication
   * factor, the default for the cluster's broker count.
   */
  public static boolean ensure(Admin admin, Optional<Short> replicationFactor) {
    TopicSpec spec = TopicSpec.cron(replicationFactor(admin, replicationFactor));
    return create(admin, new NewTopic(spec.name(), spec.partitions(), (short) spec.replicationFactor())
        .configs(spec.configs()));
  }

  /**
   * Creates a scheduler application's fire-ends topic unless it exists: as many partitions as
   * {@code jobpipe.cron} (which must exist), deleted after {@link #FIRE_ENDS_RETENTION}; returns
   * true when it was created.
   */
  public static boolean ensureFireEnds(Admin admin, String topic, Optional<Short> replicationFactor) {
    return ensureFireEnds(admin, topic, replicationFactor, TIMEOUT);
  }

  static boolean ensureFireEnds(Admin admin, String topic, Optional<Short> replicationFactor, java.time.Duration visibleWithin) {
    int partitions = cronPartitions(admin, visibleWithin);
    short rf = replicationFactor(admin, replicationFactor);
    return create(admin, new NewTopic(topic, partitions, rf).configs(Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(FIRE_ENDS_RETENTION.toMillis()),
        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, Math.max(1, rf - 1))))));
  }

  /**
   * The partitions of {@code jobpipe.cron}. A topic created a moment ago may not have reached the
   * broker's metadata yet (KRaft propagates it asynchronously), so "unknown topic" is retried until
   * {@code visibleWithin} is over.
   */
  private static int cronPartitions(Admin admin, java.time.Duration visibleWithin) {
    long deadline = System.nanoTime() + visibleWithin.toNanos();
    while (true) {
      try {
        return call(() -> admin.describeTopics(List.of(JobTopics.CRON)).allTopicNames()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(JobTopics.CRON).partitions().size(),
            "describe " + JobTopics.CRON);
      } catch (IllegalStateException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(METADATA_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + JobTopics.CRON + " to be visible", e);
      }
    }
  }

  private static short replicationFactor(Admin admin, Optional<Short> configured) {
    return configured.isPresent() ? configured.get() : (short) TopicSpec.defaultReplicationFactor(
        call(() -> admin.describeCluster().nodes().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).size(), "describe the cluster"));
  }

  private static boolean create(Admin admin, NewTopic topic) {
    try {
      call(() -> admin.createTopics(List.of(topic)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "create " + topic.name());
      return true;
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw e;
    }
  }

  private interface AdminCall<T> {
    T get() throws ExecutionException, TimeoutException, InterruptedException;
  }

  private static <T> T call(AdminCall<T> call, String what) {
    try {
      return call.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("could not " + what + " within " + TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }
}
