package dev.jobpipe.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MachineInfoTest {

  @Test
  void keepsTheThreeLoadAverages() {
    assertThat(MachineInfo.parseLoadAverage("0.52 0.40 0.31 1/123 4567\n")).isEqualTo("0.52 0.40 0.31");
    assertThatThrownBy(() -> MachineInfo.parseLoadAverage("0.52")).hasMessageContaining("loadavg");
  }

  @Test
  void oneMinuteLoadAsANumber() {
    assertThat(new MachineInfo(2, 0, "cpu", "jdk", "os", "3.50 2.00 1.00").loadAverage1m()).isEqualTo(3.5);
    assertThat(new MachineInfo(2, 0, "cpu", "jdk", "os", "unknown").loadAverage1m()).isNaN();
  }

  @Test
  void describesThisMachine() {
    MachineInfo m = MachineInfo.current();
    assertThat(m.cores()).isPositive();
    assertThat(m.jdk()).contains(System.getProperty("java.runtime.version"));
    assertThat(m.loadAverage()).isNotBlank();
  }
}
