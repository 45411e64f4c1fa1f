package dev.jobpipe.schemas.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamsReadinessTest {

  @Test
  void aRebalanceIsReadyOnlyAfterTheClientRan() {
    StreamsReadiness readiness = new StreamsReadiness();
    assertThat(readiness.ready(State.CREATED)).isFalse();
    assertThat(readiness.ready(State.REBALANCING)).as("first start, restoring").isFalse();
    assertThat(readiness.ready(State.RUNNING)).isTrue();
    assertThat(readiness.ready(State.REBALANCING)).as("a running client's rebalance").isTrue();
    assertThat(readiness.ready(State.PENDING_ERROR)).isFalse();
    assertThat(readiness.ready(State.ERROR)).isFalse();
    assertThat(readiness.ready(State.PENDING_SHUTDOWN)).isFalse();
  }
}
