package dev.jobpipe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.testkit.internal.StackMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** An external cluster is used as given: nothing starts, and nothing of it can be stopped or cut. */
class JobpipeStackExternalTest {
  private final JobpipeStack stack =
      JobpipeStack.create(new StackMode.External("kafka-a:9092,kafka-b:9092", "http://registry:8081/apis/ccompat/v7"));

  @Test
  void usesTheGivenAddresses() {
    assertThat(stack.embedded()).isFalse();
    assertThat(stack.bootstrapServers()).isEqualTo("kafka-a:9092,kafka-b:9092");
    assertThat(stack.registryUrl()).isEqualTo("http://registry:8081/apis/ccompat/v7");
    assertThat(stack.registryDirectUrl()).isEqualTo(stack.registryUrl());
    assertThat(stack.clientProperties()).containsEntry("bootstrap.servers", "kafka-a:9092,kafka-b:9092");
    assertThat(stack.brokerRunning()).isTrue();
    assertThat(stack.registryCut()).isFalse();
  }

  @Test
  void clientPropertiesAreTheCallersToExtend() {
    stack.clientProperties().put("client.id", "mine");

    assertThat(stack.clientProperties()).doesNotContainKey("client.id");
  }

  @Test
  void stoppingOrCuttingIsUnsupportedWithAClearMessage() {
    for (Executable action : new Executable[] {
        stack::stopBroker, stack::startBroker, stack::cutRegistry, stack::restoreRegistry}) {
      assertThatThrownBy(action::execute)
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("of an external cluster (-Djobpipe.test.bootstrap=kafka-a:9092,kafka-b:9092)")
          .hasMessageContaining("JobpipeStack.embedded() is false");
    }
  }

  @Test
  void healingAnExternalClusterDoesNothing() {
    stack.heal();

    assertThat(stack.embedded()).isFalse();
  }

  @Test
  void createTopicRejectsZeroPartitionsBeforeContactingAnything() {
    assertThatThrownBy(() -> stack.createTopic("t", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitions must be at least 1");
  }
}
