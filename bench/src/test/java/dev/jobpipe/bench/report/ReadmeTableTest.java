package dev.jobpipe.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadmeTableTest {

  private static Report report() {
    List<ResultRow> rows = List.of(
        new ResultRow("no-op jobs", "jobs/s", Summary.of(List.of(90_000.0, 100_000.0, 110_000.0)), "plain loop",
            Summary.of(List.of(200_000.0)), Target.ratioAtLeast(1.2), null),
        new ResultRow("lateness p99", "ms", Summary.of(List.of(12.0)), null, null, Target.atMost(100, "ms"), null),
        new ResultRow("peak RSS", "MiB", Summary.of(List.of(300.0)), "PC", Summary.of(List.of(600.0)), null, null));
    return new Report(Instant.parse("2026-12-05T12:15:00Z"), Duration.ofMinutes(18), "./bench/run --quick --update-readme",
        3, new MachineInfo(2, 24L << 30, "CPU", "JDK", "Linux", "0.40 0.50 0.60"), "1.00 1.00 1.00", Map.of(), rows,
        List.of(), null);
  }

  @Test
  void rendersMediansRatiosAndVerdicts() {
    String table = ReadmeTable.render(report());
    assertThat(table).startsWith("Medians of 3 runs of `./bench/run --quick --update-readme` on 2026-12-05 (2 cores,"
        + " load average 0.40 0.50 0.60 at the start)");
    assertThat(table).contains("| no-op jobs | 100,000 jobs/s | plain loop 200,000 jobs/s | 0.50× | ≥ 1.2× (**missed**) |");
    assertThat(table).contains("| lateness p99 | 12.0 ms | — | — | ≤ 100 ms (met) |");
    assertThat(table).contains("| peak RSS | 300 MiB | PC 600 MiB | 0.50× | — |");
  }

  @Test
  void replacesOnlyTheTextBetweenTheMarkers() {
    String readme = "# x\n\nbefore\n\n" + ReadmeTable.BEGIN + "\nold table\n" + ReadmeTable.END + "\n\nafter\n";
    String updated = ReadmeTable.replace(readme, "new table\n");
    assertThat(updated).isEqualTo("# x\n\nbefore\n\n" + ReadmeTable.BEGIN + "\nnew table\n" + ReadmeTable.END + "\n\nafter\n");
    assertThat(ReadmeTable.replace(updated, "new table\n")).isEqualTo(updated);
  }

  @Test
  void aReadmeWithoutTheMarkersIsAnError() {
    assertThatThrownBy(() -> ReadmeTable.replace("# no table here\n", "t")).hasMessageContaining("no performance table");
  }
}
