package dev.jobpipe.scheduler;

import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.topics.TopicSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the {@code jobpipe.cron} topic when it is missing, with the settings of
 * {@link TopicSpec#cron(int)} (compacted: the latest definition per schedule name is the state).
 */
public final class CronTopic {

  private CronTopic() {}

  /**
   * Creates the topic unless it exists; returns true when it was created. Without a replication
   * factor, the default for the cluster's broker count.
   */
  public static boolean ensure(Admin admin, Optional<Short> replicationFactor) {
    try {
      int rf = replicationFactor.isPresent() ? replicationFactor.get()
          : TopicSpec.defaultReplicationFactor(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
      TopicSpec spec = TopicSpec.cron(rf);
      NewTopic topic = new NewTopic(spec.name(), spec.partitions(), (short) spec.replicationFactor()).configs(spec.configs());
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
