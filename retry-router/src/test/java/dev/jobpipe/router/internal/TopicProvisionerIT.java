package dev.jobpipe.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.router.RetryPolicies;
import dev.jobpipe.router.RetryPolicy;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.topics.TopicSpec;
import dev.jobpipe.testkit.JobpipeStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The router creates missing tier and DLQ topics with the settings of {@link TopicSpec}, not broker defaults. */
class TopicProvisionerIT {

  @Test
  void aDlqCreatedByTheRouterHasTheDlqRetentionAndMinInsyncReplicas() throws Exception {
    JobpipeStack stack = JobpipeStack.shared();
    String type = "prov-" + UUID.randomUUID().toString().substring(0, 8);
    JobTopics topics = JobTopics.of(type);
    stack.createTopic(topics.failed(), 3);
    RetryPolicies policies = RetryPolicies.of(RetryPolicy.ofTiers(List.of(Duration.ofSeconds(7))), Map.of());
    try (Admin admin = Admin.create(stack.clientProperties())) {
      List<String> created = new TopicProvisioner(admin, policies, Optional.empty()).provision();
      assertThat(created).contains(topics.dlq(), topics.retry(Duration.ofSeconds(7)));

      Map<String, String> dlq = topicConfigs(admin, topics.dlq());
      TopicSpec expected = TopicSpec.dlq(type, 3, 1);
      assertThat(dlq).containsAllEntriesOf(expected.configs());
      assertThat(dlq).containsEntry("retention.ms", Long.toString(TopicSpec.DLQ_RETENTION.toMillis()))
          .containsEntry("min.insync.replicas", Integer.toString(TopicSpec.minInSyncReplicas(1)))
          .containsEntry("max.message.bytes",
              Integer.toString(TopicSpec.handoffMaxMessageBytes(TopicSpec.DEFAULT_MAX_MESSAGE_BYTES)));
      assertThat(admin.describeTopics(List.of(topics.dlq())).allTopicNames().get(30, TimeUnit.SECONDS)
          .get(topics.dlq()).partitions()).hasSize(3);
      assertThat(topicConfigs(admin, topics.retry(Duration.ofSeconds(7))))
          .containsAllEntriesOf(TopicSpec.retry(type, Duration.ofSeconds(7), 3, 1).configs());

      assertThat(new TopicProvisioner(admin, policies, Optional.empty()).provision()).isEmpty();
    }
  }

  /** The configs set on the topic itself (not inherited from the broker), by name. */
  private static Map<String, String> topicConfigs(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    return config.entries().stream()
        .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
        .collect(java.util.stream.Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
  }
}
