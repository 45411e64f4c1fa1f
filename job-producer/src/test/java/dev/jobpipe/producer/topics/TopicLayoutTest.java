package dev.jobpipe.producer.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.RetryDelays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TopicLayoutTest {

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
}
