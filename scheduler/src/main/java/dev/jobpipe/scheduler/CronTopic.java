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

/**
 * Creates the {@code jobpipe.cron} topic when it is missing, with the settings of
 * {@link TopicSpec#cron(int)} (compacted: the latest definition per schedule name is the state).
 */
public final class CronTopic {

  /** How long the ends of recurring fires are kept: a scheduler down for longer loses them (see OverlapPolicy). */
  public static final java.time.Duration FIRE_ENDS_RETENTION = java.time.Duration.ofDays(7);

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
    int partitions = call(() -> admin.describeTopics(List.of(JobTopics.CRON)).allTopicNames().get(30, TimeUnit.SECONDS)
        .get(JobTopics.CRON).partitions().size(), "describe " + JobTopics.CRON);
    short rf = replicationFactor(admin, replicationFactor);
    return create(admin, new NewTopic(topic, partitions, rf).configs(Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(FIRE_ENDS_RETENTION.toMillis()),
        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, Math.max(1, rf - 1))))));
  }

  private static short replicationFactor(Admin admin, Optional<Short> configured) {
    return configured.isPresent() ? configured.get() : (short) TopicSpec.defaultReplicationFactor(
        call(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size(), "describe the cluster"));
  }

  private static boolean create(Admin admin, NewTopic topic) {
    try {
      call(() -> admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS), "create " + topic.name());
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
      throw new IllegalStateException("could not " + what + " within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }
}
