package dev.jobpipe.producer.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.schemas.RetryDelays;
import dev.jobpipe.schemas.topics.TopicRole;
import dev.jobpipe.schemas.topics.TopicSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The diff of desired and existing topics, without a cluster. */
class TopicPlannerTest {

  private static final TopicLayout LAYOUT = TopicLayout.of("t").withTiers(RetryDelays.parseList("5s,30s"));

  /** The cluster as it is after applying {@code layout} with {@code partitions} and {@code replication}. */
  private static Map<String, ExistingTopic> appliedState(int partitions, int replication) {
    Map<String, ExistingTopic> existing = new HashMap<>();
    for (TopicSpec spec : TopicSpec.desired("t", partitions, replication, LAYOUT.tiers())) {
      Map<String, String> configs = new HashMap<>(spec.configs());
      configs.putIfAbsent("max.message.bytes", "1048588");
      existing.put(spec.name(), new ExistingTopic(spec.name(), spec.partitions(), replication, configs));
    }
    return existing;
  }

  private static TopicPlan diff(TopicLayout layout, int brokers, Map<String, ExistingTopic> existing) {
    return TopicPlanner.diff(List.of(layout), brokers, existing, existing.keySet());
  }

  @Test
  void anEmptyClusterGetsEveryTopicWithDefaults() {
    TopicPlan plan = diff(LAYOUT, 1, Map.of());
    assertThat(plan.changes()).hasSize(8).allSatisfy(c -> assertThat(c).isInstanceOf(TopicChange.Create.class));
    TopicSpec main = ((TopicChange.Create) plan.changes().getFirst()).spec();
    assertThat(main.partitions()).isEqualTo(TopicLayout.DEFAULT_PARTITIONS);
    assertThat(main.replicationFactor()).isEqualTo(1);
    assertThat(plan.lines().getFirst()).startsWith("create jobs.t (partitions 6, replication 1, cleanup.policy=delete");
    assertThat(plan.refused()).isFalse();
  }

  @Test
  void defaultReplicationIsThreeOrTheBrokerCount() {
    assertThat(((TopicChange.Create) diff(LAYOUT, 5, Map.of()).changes().getFirst()).spec().replicationFactor()).isEqualTo(3);
    assertThat(((TopicChange.Create) diff(LAYOUT, 2, Map.of()).changes().getFirst()).spec().replicationFactor()).isEqualTo(2);
  }

  @Test
  void aMatchingClusterNeedsNoChanges() {
    TopicPlan plan = diff(LAYOUT, 1, appliedState(6, 1));
    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.lines()).containsExactly("no changes");
    assertThat(diff(LAYOUT.withPartitions(6).withReplicationFactor(1), 1, appliedState(6, 1)).isEmpty()).isTrue();
  }

  @Test
  void withoutAPartitionRequestExistingCountsAreKept() {
    assertThat(diff(LAYOUT, 1, appliedState(12, 1)).isEmpty()).isTrue();
    assertThat(diff(LAYOUT, 1, appliedState(2, 1)).isEmpty()).isTrue();
  }

  @Test
  void moreRequestedPartitionsGrowEveryTopic() {
    TopicPlan plan = diff(LAYOUT.withPartitions(8), 1, appliedState(6, 1));
    assertThat(plan.changes()).hasSize(7).allSatisfy(c -> assertThat(c).isInstanceOf(TopicChange.AddPartitions.class));
    assertThat(plan.lines()).contains("grow jobs.t partitions 6 -> 8").noneMatch(l -> l.contains("control"));
  }

  @Test
  void fewerRequestedPartitionsAreRefused() {
    TopicPlan plan = diff(LAYOUT.withPartitions(3), 1, appliedState(6, 1));
    assertThat(plan.refused()).isTrue();
    assertThat(plan.refusals().getFirst())
        .isEqualTo("refusing to shrink jobs.t from 6 to 3 partitions: Kafka cannot remove partitions"
            + " (ask for 6 or more, or delete and recreate the topic)");
  }

  @Test
  void differingManagedConfigsAreAlteredOthersLeftAlone() {
    Map<String, ExistingTopic> existing = appliedState(6, 1);
    ExistingTopic dlq = existing.get("jobs.t.dlq");
    Map<String, String> configs = new HashMap<>(dlq.configs());
    configs.put("retention.ms", "604800000");
    configs.put("segment.bytes", "5000000");
    existing.put(dlq.name(), new ExistingTopic(dlq.name(), 6, 1, configs));

    TopicPlan plan = diff(LAYOUT, 1, existing);
    assertThat(plan.changes()).containsExactly(new TopicChange.AlterConfigs(
        "jobs.t.dlq", Map.of("retention.ms", "604800000"), Map.of("retention.ms", "2592000000")));
    assertThat(plan.lines()).containsExactly("alter jobs.t.dlq retention.ms: 604800000 -> 2592000000");
  }

  @Test
  void minInSyncFollowsTheExistingReplicationFactor() {
    Map<String, ExistingTopic> existing = appliedState(6, 3);
    TopicPlan plan = diff(LAYOUT.withReplicationFactor(1), 3, existing);
    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.notes()).hasSize(8).first().asString()
        .contains("jobs.t has replication factor 3, not 1").contains("reassignment");
  }

  @Test
  void handoffTopicsAllowTheMainTopicsLimitPlusHeaderRoom() {
    Map<String, ExistingTopic> existing = appliedState(6, 1);
    ExistingTopic main = existing.get("jobs.t");
    Map<String, String> configs = new HashMap<>(main.configs());
    configs.put("max.message.bytes", "4000000");
    existing.put(main.name(), new ExistingTopic(main.name(), 6, 1, configs));

    TopicPlan plan = diff(LAYOUT, 1, existing);
    String raised = Integer.toString(4_000_000 + TopicSpec.HANDOFF_HEADROOM_BYTES);
    assertThat(plan.changes()).extracting(TopicChange::topic)
        .containsExactlyInAnyOrder("jobs.t.failed", "jobs.t.retry.5s", "jobs.t.retry.30s", "jobs.t.dlq");
    assertThat(plan.changes()).allSatisfy(c -> assertThat(((TopicChange.AlterConfigs) c).desired())
        .containsEntry("max.message.bytes", raised));
  }

  @Test
  void theControlTopicIsCompactedWithOnePartition() {
    TopicSpec control = diff(LAYOUT.withPartitions(12), 1, Map.of()).changes().stream()
        .map(c -> ((TopicChange.Create) c).spec()).filter(s -> s.role() == TopicRole.CONTROL).findFirst().orElseThrow();
    assertThat(control.name()).isEqualTo("jobs.t.control");
    assertThat(control.partitions()).isEqualTo(1);
    assertThat(control.configs()).containsEntry("cleanup.policy", "compact").doesNotContainKey("retention.ms");
  }

  @Test
  void aMissingTierIsCreatedAndADroppedTierIsOnlyNoted() {
    Map<String, ExistingTopic> existing = appliedState(6, 1);
    TopicLayout layout = TopicLayout.of("t").withTiers(RetryDelays.parseList("5s,5m"));
    TopicPlan plan = TopicPlanner.diff(List.of(layout), 1, existing, Set.copyOf(existing.keySet()));
    assertThat(plan.changes()).singleElement().isInstanceOfSatisfying(TopicChange.Create.class,
        c -> assertThat(c.spec().name()).isEqualTo("jobs.t.retry.5m"));
    assertThat(plan.notes()).singleElement().asString().startsWith("jobs.t.retry.30s is not a retry tier of t");
  }

  @Test
  void retryTopicsOfAnotherTypeAreNotNoted() {
    Set<String> all = Set.of("jobs.t.x.retry.1h", "jobs.tt.retry.1h");
    TopicPlan plan = TopicPlanner.diff(List.of(LAYOUT), 1, appliedState(6, 1), all);
    assertThat(plan.notes()).isEmpty();
  }

  @Test
  void replicationAboveTheBrokerCountIsRefusedWhenCreating() {
    TopicPlan plan = diff(LAYOUT.withReplicationFactor(3), 1, Map.of());
    assertThat(plan.refusals()).containsExactly("replication factor 3 for t needs at least 3 brokers, the cluster has 1");
  }
}
