package dev.jobpipe.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ProcStatusTest {
  private static final String STATUS = """
      Name:\tjava
      State:\tS (sleeping)
      VmPeak:\t 4561232 kB
      VmHWM:\t  312456 kB
      VmRSS:\t  298000 kB
      Threads:\t42
      """;

  @Test
  void readsPeakRssInBytes() {
    assertThat(ProcStatus.parseKb(STATUS, "VmHWM")).hasValue(312_456L * 1024);
    assertThat(ProcStatus.parseKb(STATUS, "VmRSS")).hasValue(298_000L * 1024);
  }

  @Test
  void doesNotMistakeAFieldForOneItPrefixes() {
    assertThat(ProcStatus.parseKb("VmHWMx:\t 1 kB\nVmHWM:\t 2 kB\n", "VmHWM")).hasValue(2048L);
  }

  @Test
  void absentFieldIsEmpty() {
    assertThat(ProcStatus.parseKb("Name:\tjava\n", "VmHWM")).isEmpty();
  }

  @Test
  void unexpectedUnitOrNumberFailsRatherThanMisreport() {
    assertThatThrownBy(() -> ProcStatus.parseKb("VmHWM:\t 12 MB\n", "VmHWM")).hasMessageContaining("VmHWM");
    assertThatThrownBy(() -> ProcStatus.parseKb("VmHWM:\t twelve kB\n", "VmHWM")).hasMessageContaining("VmHWM");
  }

  @Test
  void unreadableFileIsEmpty() {
    assertThat(ProcStatus.field(Path.of("/nonexistent/status"), "VmHWM")).isEmpty();
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void readsThisProcessPeak() {
    assertThat(ProcStatus.peakRss(ProcessHandle.current().pid()).orElse(0)).isPositive();
  }
}
