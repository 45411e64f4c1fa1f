package dev.jobpipe.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class StackModeTest {

  @Test
  void withoutPropertiesTheStackIsEmbedded() {
    assertThat(StackMode.from(new Properties())).isInstanceOf(StackMode.Embedded.class);
  }

  @Test
  void blankPropertiesCountAsUnset() {
    assertThat(StackMode.from(props(" ", ""))).isInstanceOf(StackMode.Embedded.class);
  }

  @Test
  void bothPropertiesSelectTheExternalCluster() {
    StackMode mode = StackMode.from(props("broker1:9092,broker2:9092", "http://registry:8081/apis/ccompat/v7/"));

    assertThat(mode).isEqualTo(new StackMode.External("broker1:9092,broker2:9092", "http://registry:8081/apis/ccompat/v7"));
  }

  @Test
  void bootstrapWithoutRegistryNamesTheMissingProperty() {
    assertThatThrownBy(() -> StackMode.from(props("localhost:9092", null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("-Djobpipe.test.registry is not");
  }

  @Test
  void registryWithoutBootstrapNamesTheMissingProperty() {
    assertThatThrownBy(() -> StackMode.from(props(null, "http://localhost:8081")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("-Djobpipe.test.bootstrap is not");
  }

  @Test
  void registryMustBeAnHttpUrl() {
    assertThatThrownBy(() -> StackMode.from(props("localhost:9092", "localhost:8081")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jobpipe.test.registry must be an http(s) URL");
  }

  private static Properties props(String bootstrap, String registry) {
    Properties p = new Properties();
    if (bootstrap != null) {
      p.setProperty(StackMode.BOOTSTRAP_PROPERTY, bootstrap);
    }
    if (registry != null) {
      p.setProperty(StackMode.REGISTRY_PROPERTY, registry);
    }
    return p;
  }
}
