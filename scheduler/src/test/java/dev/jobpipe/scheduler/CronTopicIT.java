package dev.jobpipe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Creating the fire-ends topic right after {@code jobpipe.cron}: the broker may not know the new
 * topic for a moment (CI once failed the demo on exactly that).
 */
@ExtendWith(JobpipeStackExtension.class)
class CronTopicIT {

  /** Answers "unknown topic" for the first {@code misses} descriptions of jobpipe.cron, like a lagging broker. */
  private static final class LaggingMetadata extends ForwardingAdmin {
    private final AtomicInteger misses;

    LaggingMetadata(JobpipeStack stack, int misses) {
      super(stack.clientProperties());
      this.misses = new AtomicInteger(misses);
    }

    @Override
    public DescribeTopicsResult describeTopics(TopicCollection topics, DescribeTopicsOptions options) {
      boolean cron = topics instanceof TopicCollection.TopicNameCollection names
          && names.topicNames().contains(JobTopics.CRON);
      if (cron && misses.getAndDecrement() > 0) {
        return super.describeTopics(TopicCollection.ofTopicNames(List.of("jobpipe.absent-" + UUID.randomUUID())), options);
      }
      return super.describeTopics(topics, options);
    }

    int missesLeft() {
      return Math.max(0, misses.get());
    }
  }

  @Test
  void theFireEndsTopicIsCreatedOnceTheNewCronTopicBecomesVisible(JobpipeStack stack) throws Exception {
    String fireEnds = "it-" + UUID.randomUUID() + "-cron-fire-ends";
    try (LaggingMetadata admin = new LaggingMetadata(stack, 3)) {
      CronTopic.ensure(admin, Optional.empty());
      assertThat(CronTopic.ensureFireEnds(admin, fireEnds, Optional.empty())).isTrue();
      assertThat(admin.missesLeft()).isZero();
      int cronPartitions = partitions(admin, JobTopics.CRON);
      assertThat(partitions(admin, fireEnds)).isEqualTo(cronPartitions);
      assertThat(CronTopic.ensureFireEnds(admin, fireEnds, Optional.empty())).as("already there").isFalse();
    }
  }

  @Test
  void aCronTopicThatNeverBecomesVisibleIsAClearErrorAndNoFireEndsTopic(JobpipeStack stack) throws Exception {
    String fireEnds = "it-" + UUID.randomUUID() + "-cron-fire-ends";
    try (LaggingMetadata admin = new LaggingMetadata(stack, Integer.MAX_VALUE)) {
      assertThatThrownBy(() -> CronTopic.ensureFireEnds(admin, fireEnds, Optional.empty(), Duration.ofMillis(500)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot describe " + JobTopics.CRON + ": ")
          .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
      Collection<String> names = admin.listTopics().names().get();
      assertThat(names).doesNotContain(fireEnds);
    }
  }

  private static int partitions(Admin admin, String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
  }
}
