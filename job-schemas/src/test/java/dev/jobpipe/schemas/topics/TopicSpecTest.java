package dev.jobpipe.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.schemas.RetryDelays;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicSpecTest {

  @Test
  void desiredTopicsAreEveryPerTypeTopicOfTheDesign() {
    List<TopicSpec> specs = TopicSpec.desired("email.send", 6, 3, RetryDelays.parseList("5s,30s,5m"));
    assertThat(specs).extracting(TopicSpec::name).containsExactly(
        "jobs.email.send", "jobs.email.send.failed", "jobs.email.send.retry.5s", "jobs.email.send.retry.30s",
        "jobs.email.send.retry.5m", "jobs.email.send.dlq", "jobs.email.send.done", "jobs.email.send.scheduled",
        "jobs.email.send.control");
    assertThat(specs).extracting(TopicSpec::role).containsExactly(
        TopicRole.MAIN, TopicRole.FAILED, TopicRole.RETRY, TopicRole.RETRY, TopicRole.RETRY, TopicRole.DLQ,
        TopicRole.DONE, TopicRole.SCHEDULED, TopicRole.CONTROL);
    assertThat(specs).allSatisfy(s -> {
      assertThat(s.partitions()).isEqualTo(s.role() == TopicRole.CONTROL ? 1 : 6);
      assertThat(s.replicationFactor()).isEqualTo(3);
      assertThat(s.configs()).containsEntry("cleanup.policy", s.role() == TopicRole.CONTROL ? "compact" : "delete")
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
    assertThat(retention(specs, "jobs.t.done")).isEqualTo(Duration.ofDays(7));
    assertThat(retention(specs, "jobs.t.scheduled")).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void handoffTopicsHaveHeadroomOverTheMainTopic() {
    List<TopicSpec> specs = TopicSpec.desired("t", 1, 1, List.of(Duration.ofSeconds(5)));
    String headroom = Integer.toString(TopicSpec.DEFAULT_MAX_MESSAGE_BYTES + TopicSpec.HANDOFF_HEADROOM_BYTES);
    assertThat(specs).allSatisfy(s -> {
      boolean handoff = s.role() == TopicRole.FAILED || s.role() == TopicRole.RETRY || s.role() == TopicRole.DLQ;
      if (handoff) {
        assertThat(s.configs()).containsEntry("max.message.bytes", headroom);
      } else {
        assertThat(s.configs()).doesNotContainKey("max.message.bytes");
      }
    });
  }

  @Test
  void stateTopicsAreCompactedSinglePartitions() {
    for (TopicSpec s : List.of(TopicSpec.cron(3), TopicSpec.dlqReplayed("t", 3))) {
      assertThat(s.partitions()).isEqualTo(1);
      assertThat(s.configs()).containsEntry("cleanup.policy", "compact").containsEntry("min.insync.replicas", "2")
          .doesNotContainKey("retention.ms");
    }
    assertThat(TopicSpec.cron(1).name()).isEqualTo("jobpipe.cron");
    assertThat(TopicSpec.dlqReplayed("t", 1).name()).isEqualTo("jobs.t.dlq.replayed");
  }

  @Test
  void routerTopicsMatchTheDesiredOnes() {
    List<TopicSpec> specs = TopicSpec.desired("t", 4, 3, List.of(Duration.ofSeconds(5)));
    assertThat(TopicSpec.dlq("t", 4, 3)).isEqualTo(specs.get(3));
    assertThat(TopicSpec.retry("t", Duration.ofSeconds(5), 4, 3)).isEqualTo(specs.get(2));
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

  private static Duration retention(List<TopicSpec> specs, String name) {
    return specs.stream().filter(s -> s.name().equals(name)).findFirst()
        .map(s -> Duration.ofMillis(Long.parseLong(s.configs().get("retention.ms")))).orElseThrow();
  }
}
