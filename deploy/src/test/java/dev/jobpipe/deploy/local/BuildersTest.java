package dev.jobpipe.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuildersTest {

  @ParameterizedTest
  @ValueSource(ints = {-1, 65536, 100_000})
  void portsOutOfRangeAreRejectedNamingTheComponent(int port) {
    assertThatThrownBy(() -> KafkaBroker.builder().port(port))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Kafka port must be between 1 and 65535, got " + port);
    assertThatThrownBy(() -> ApicurioRegistry.builder().port(port))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Schema Registry port must be between 1 and 65535, got " + port);
  }

  @Test
  void portZeroMeansPickOne() {
    assertThat(KafkaBroker.builder().port(0)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "lots", "512mb", "-1g", "0m"})
  void badHeapSizesAreRejectedNamingTheSetting(String heap) {
    assertThatThrownBy(() -> KafkaBroker.builder().maxHeap(heap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Kafka max heap must be a JVM heap size");
    assertThatThrownBy(() -> ApicurioRegistry.builder().maxHeap(heap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Schema Registry max heap must be a JVM heap size");
  }

  @Test
  void startTimeoutMustBePositive() {
    assertThatThrownBy(() -> KafkaBroker.builder().startTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start timeout must be positive");
  }

  @Test
  void aWorkDirectoryIsRequired() throws Exception {
    StackLayout layout = StackLayout.locate(
        StackLayoutTest.fakeStack(java.nio.file.Files.createTempDirectory("stack")).toString(), java.nio.file.Path.of("."));
    assertThatThrownBy(() -> KafkaBroker.builder().layout(layout).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("workDir is required");
  }
}
