package dev.jobpipe.scheduler;

import dev.jobpipe.schemas.JobTopics;
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
 * The {@code jobpipe.cron} topic: compacted (the latest definition per schedule name is the state),
 * {@value #DEFAULT_PARTITIONS} partitions so several scheduler instances share the schedules.
 */
public final class CronTopic {

  public static final int DEFAULT_PARTITIONS = 6;

  private CronTopic() {}

  /** Creates the topic unless it exists; returns true when it was created. */
  public static boolean ensure(Admin admin, Optional<Short> replicationFactor) {
    NewTopic topic = new NewTopic(JobTopics.CRON, Optional.of(DEFAULT_PARTITIONS), replicationFactor)
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    try {
      admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw new IllegalStateException("cannot create " + JobTopics.CRON + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("creating " + JobTopics.CRON + " took over 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + JobTopics.CRON, e);
    }
  }
}
