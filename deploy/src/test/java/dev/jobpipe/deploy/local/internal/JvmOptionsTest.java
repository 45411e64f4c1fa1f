package dev.jobpipe.deploy.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmOptionsTest {

  @Test
  void fastStartupUsesC1AndTheSerialCollector() {
    assertThat(JvmOptions.of("768m", true)).contains("-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  }

  @Test
  void otherwiseTheJvmChoosesItsCompilersAndCollector() {
    assertThat(JvmOptions.of("1g", false)).contains("-Xmx1g", "-XX:+ExitOnOutOfMemoryError")
        .doesNotContain("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  }

  @Test
  void validHeapSizes() {
    assertThat(JvmOptions.requireHeapSize("512m", "x")).isEqualTo("512m");
    assertThat(JvmOptions.requireHeapSize("2G", "x")).isEqualTo("2G");
    assertThat(JvmOptions.requireHeapSize("1048576", "x")).isEqualTo("1048576");
  }
}
