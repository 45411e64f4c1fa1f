package dev.jobpipe.producer.topics;

import static dev.jobpipe.producer.ItSupport.uniqueType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.schemas.RetryDelays;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(JobpipeStackExtension.class)
class TopicPlannerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void applyingTwiceChangesNothingTheSecondTime(JobpipeStack stack) throws Exception {
    String type = uniqueType("it.topics");
    TopicLayout layout = TopicLayout.of(type).withPartitions(2).withTiers(RetryDelays.parseList("5s,1m"));
    try (Admin admin = Admin.create(stack.clientProperties())) {
      TopicPlanner planner = new TopicPlanner(admin, TIMEOUT);
      TopicPlan first = planner.apply(planner.plan(List.of(layout)));
      assertThat(first.changes()).hasSize(8).allSatisfy(c -> assertThat(c).isInstanceOf(TopicChange.Create.class));

      TopicPlan second = planner.plan(List.of(layout));
      assertThat(second.isEmpty()).as(second.lines().toString()).isTrue();
      assertThat(second.lines()).containsExactly("no changes");

      Map<String, TopicDescription> topics = admin.describeTopics(List.of(
          "jobs." + type, "jobs." + type + ".failed", "jobs." + type + ".retry.5s", "jobs." + type + ".retry.1m",
          "jobs." + type + ".dlq")).allTopicNames().get(30, TimeUnit.SECONDS);
      assertThat(topics.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(2));
      assertThat(config(admin, "jobs." + type + ".dlq").get("retention.ms").value())
          .isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));
      assertThat(config(admin, "jobs." + type).get("min.insync.replicas").value()).isEqualTo("1");
      assertThat(config(admin, "jobs." + type + ".control").get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(admin.describeTopics(List.of("jobs." + type + ".control")).allTopicNames().get(30, TimeUnit.SECONDS)
          .get("jobs." + type + ".control").partitions()).hasSize(1);
    }
  }

  @Test
  void shrinkingIsRefusedAndChangesNothing(JobpipeStack stack) throws Exception {
    String type = uniqueType("it.shrink");
    try (Admin admin = Admin.create(stack.clientProperties())) {
      TopicPlanner planner = new TopicPlanner(admin, TIMEOUT);
      planner.apply(planner.plan(List.of(TopicLayout.of(type).withPartitions(3))));

      TopicPlan shrink = planner.plan(List.of(TopicLayout.of(type).withPartitions(1)));
      assertThat(shrink.refusals()).first().asString().startsWith("refusing to shrink jobs." + type + " from 3 to 1");
      assertThatThrownBy(() -> planner.apply(shrink)).isInstanceOf(TopicPlanRefusedException.class)
          .hasMessageContaining("nothing was changed");
      assertThat(admin.describeTopics(List.of("jobs." + type)).allTopicNames().get(30, TimeUnit.SECONDS)
          .get("jobs." + type).partitions()).hasSize(3);
    }
  }

  @Test
  void growsPartitionsAndRepairsDriftedConfigs(JobpipeStack stack) throws Exception {
    String type = uniqueType("it.grow");
    String dlq = "jobs." + type + ".dlq";
    try (Admin admin = Admin.create(stack.clientProperties())) {
      TopicPlanner planner = new TopicPlanner(admin, TIMEOUT);
      planner.apply(planner.plan(List.of(TopicLayout.of(type).withPartitions(1))));
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, dlq);
      admin.incrementalAlterConfigs(Map.of(resource, List.of(
          new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET))))
          .all().get(30, TimeUnit.SECONDS);
      // the broker applies the controller's change asynchronously
      await().atMost(TIMEOUT).until(() -> config(admin, dlq).get("retention.ms").value().equals("3600000"));

      TopicPlan plan = planner.plan(List.of(TopicLayout.of(type).withPartitions(2)));
      assertThat(plan.lines()).contains(
          "grow jobs." + type + " partitions 1 -> 2",
          "alter " + dlq + " retention.ms: 3600000 -> 2592000000");
      planner.apply(plan);

      assertThat(planner.plan(List.of(TopicLayout.of(type).withPartitions(2))).isEmpty()).isTrue();
      assertThat(config(admin, dlq).get("retention.ms").value()).isEqualTo("2592000000");
      assertThat(admin.describeTopics(List.of(dlq)).allTopicNames().get(30, TimeUnit.SECONDS)
          .get(dlq).partitions()).hasSize(2);
    }
  }

  private static Config config(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
  }
}
