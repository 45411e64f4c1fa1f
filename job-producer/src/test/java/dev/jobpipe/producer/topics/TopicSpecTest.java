package dev.jobpipe.producer.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.RetryDelays;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicSpecTest {

  @Test
  void desiredTopicsAreMainFailedOneRetryPerTierDlqScheduledAndDone() {
    List<TopicSpec> specs = TopicSpec.desired("email.send", 6, 3, RetryDelays.parseList("5s,30s,5m"));
    assertThat(specs).extracting(TopicSpec::name).containsExactly(
        "jobs.email.send", "jobs.email.send.failed", "jobs.email.send.retry.5s", "jobs.email.send.retry.30s",
        "jobs.email.send.retry.5m", "jobs.email.send.dlq", "jobs.email.send.scheduled", "jobs.email.send.done");
    assertThat(specs).extracting(TopicSpec::role).containsExactly(
        TopicRole.MAIN, TopicRole.FAILED, TopicRole.RETRY, TopicRole.RETRY, TopicRole.RETRY, TopicRole.DLQ,
        TopicRole.SCHEDULED, TopicRole.DONE);
    assertThat(specs).allSatisfy(s -> {
      assertThat(s.partitions()).isEqualTo(6);
      assertThat(s.replicationFactor()).isEqualTo(3);
      assertThat(s.configs()).containsEntry("cleanup.policy", "delete")
          .containsEntry("min.insync.replicas", "2")
          .containsEntry("unclean.leader.election.enable", "false");
    });
  }

  @Test
  void retentionFitsEachRole() {
    List<TopicSpec> specs = TopicSpec.desired("t", 1, 1, List.of(Duration.ofSeconds(5), Duration.ofDays(1)));
    assertThat(retention(specs, "jobs.t")).isEqualTo(Duration.ofDays(7));
    assertThat(retention(specs, "jobs.t.failed")).isEqualTo(Duration.ofDays(3));
    assertThat(retention(specs, "jobs.t.retry.5s")).isEqualTo(Duration.ofDays(3));
    assertThat(retention(specs, "jobs.t.retry.1d")).isEqualTo(Duration.ofDays(10));
    assertThat(retention(specs, "jobs.t.dlq")).isEqualTo(Duration.ofDays(30));
    assertThat(retention(specs, "jobs.t.scheduled")).isEqualTo(Duration.ofDays(7));
    assertThat(retention(specs, "jobs.t.done")).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void retryRetentionIsAlwaysComfortablyAboveTheDelay() {
    for (String label : List.of("500ms", "5s", "5m", "1h", "1d", "30d")) {
      Duration delay = RetryDelays.parse(label);
      assertThat(TopicSpec.retryRetention(delay)).isGreaterThanOrEqualTo(delay.multipliedBy(10));
    }
  }

  @ParameterizedTest
  @CsvSource({"1,1", "2,1", "3,2", "5,2"})
  void minInSyncReplicasKeepsWritesAvailableWithOneBrokerDown(int replication, int minInSync) {
    assertThat(TopicSpec.minInSyncReplicas(replication)).isEqualTo(minInSync);
  }

  @Test
  void layoutValidatesItsValues() {
    assertThatThrownBy(() -> TopicLayout.of("Bad!")).hasMessageContaining("invalid job type");
    assertThatThrownBy(() -> TopicLayout.of("t").withPartitions(0)).hasMessageContaining("partitions of t");
    assertThatThrownBy(() -> TopicLayout.of("t").withReplicationFactor(0)).hasMessageContaining("replication factor");
    assertThatThrownBy(() -> TopicLayout.of("t").withTiers(List.of())).hasMessageContaining("at least one retry tier");
    assertThatThrownBy(() -> TopicLayout.of("t").withTiers(RetryDelays.parseList("5s,5000ms")))
        .hasMessageContaining("5s of t is listed twice");
    assertThat(TopicLayout.of("t").tiers()).isEqualTo(TopicLayout.DEFAULT_TIERS);
    assertThat(TopicLayout.of("t").partitions()).isEqualTo(OptionalInt.empty());
  }

  private static Duration retention(List<TopicSpec> specs, String name) {
    return specs.stream().filter(s -> s.name().equals(name)).findFirst()
        .map(s -> Duration.ofMillis(Long.parseLong(s.configs().get("retention.ms")))).orElseThrow();
  }
}
