package dev.jobpipe.reliability.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HandlerSettingsTest {

  @Test
  void rejectsRatesOutsideZeroToOne() {
    assertThatThrownBy(() -> HandlerSettings.of(Path.of("x")).withFailOnceRate(1.5))
        .hasMessageContaining("failOnceRate");
  }

  @Test
  void jvmOptionsRoundTripThroughSystemProperties() {
    HandlerSettings s = HandlerSettings.of(Path.of("/tmp/x")).withFailOnceRate(0.3)
        .withWork(Duration.ofMillis(7)).withHang(Duration.ofSeconds(9));
    for (String opt : s.jvmOptions()) {
      String kv = opt.substring(2);
      System.setProperty(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    try {
      assertThat(HandlerSettings.fromSystemProperties()).isEqualTo(s);
      System.setProperty(HandlerSettings.WORK_MS, "soon");
      assertThatThrownBy(HandlerSettings::fromSystemProperties).hasMessageContaining(HandlerSettings.WORK_MS);
      System.clearProperty(HandlerSettings.LOG_DIR);
      assertThatThrownBy(HandlerSettings::fromSystemProperties).hasMessageContaining(HandlerSettings.LOG_DIR);
    } finally {
      for (String key : new String[] {HandlerSettings.LOG_DIR, HandlerSettings.FAIL_ONCE_RATE, HandlerSettings.WORK_MS,
          HandlerSettings.HANG_MS}) {
        System.clearProperty(key);
      }
    }
  }
}
