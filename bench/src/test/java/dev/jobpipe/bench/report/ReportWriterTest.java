package dev.jobpipe.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  private static Report report(double load, String closingNote) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("mode", "quick");
    List<ResultRow> rows = List.of(
        new ResultRow("publish, 256-byte payloads", "jobs/s", Summary.of(List.of(90_000.0, 100_000.0, 110_000.0)),
            "plain producer", Summary.of(List.of(100_000.0, 100_000.0, 120_000.0)), Target.ratioAtLeast(0.8), null),
        new ResultRow("no-op | pipes", "jobs/s", Summary.of(List.of(50_000.0, 60_000.0, 70_000.0)),
            "plain loop", Summary.of(List.of(100_000.0, 100_000.0, 100_000.0)), Target.ratioAtLeast(1.0), "a note"),
        new ResultRow("lateness p99", "ms", Summary.of(List.of(12.0, 15.5, 30.25)), null, null, Target.atMost(200, "ms"), null),
        new ResultRow("peak RSS", "MiB", Summary.of(List.of(300.0, 320.0, 310.0)), "PC", Summary.of(List.of(250.0, 260.0, 270.0)),
            null, null));
    return new Report(Instant.parse("2026-01-02T03:04:05Z"), Duration.ofSeconds(421), "./bench/run --quick", 3,
        new MachineInfo(2, 24L << 30, "Some CPU", "Temurin 25", "Linux", load + " 1.00 1.00"), "0.50 0.60 0.70",
        params, rows, List.of("how publish was measured"), closingNote);
  }

  @Test
  void markdownHasTheTableWithRatiosTargetsAndVerdicts() {
    String md = ReportWriter.markdown(report(0.5, null));
    assertThat(md).contains("| scenario | jobpipe | comparison | ratio | target | met? |");
    assertThat(md).contains("| publish, 256-byte payloads | 100,000 jobs/s (90,000–110,000) | plain producer: 100,000 jobs/s"
        + " (100,000–120,000) | 1.00× | ≥ 0.8× | yes |");
    assertThat(md).contains("| no-op \\| pipes | 60,000 jobs/s (50,000–70,000) | plain loop: 100,000 jobs/s"
        + " (100,000–100,000) | 0.60× | ≥ 1× | **no** |");
    assertThat(md).contains("| lateness p99 | 15.5 ms (12.0–30.3) | — | — | ≤ 200 ms | yes |");
    assertThat(md).contains("| peak RSS | 310 MiB (300–320) | PC: 260 MiB (250–270) | 1.19× | — | — |");
    assertThat(md).contains("1 target was missed");
    assertThat(md).contains("| 2 | 24.0 GiB | Some CPU | Temurin 25 | Linux | 0.5 1.00 1.00 | 0.50 0.60 0.70 |");
    assertThat(md).contains("in 7 min 1 s").contains("median of 3 runs");
    assertThat(md).contains("- how publish was measured").contains("- *no-op | pipes*: a note");
    assertThat(md).contains("- mode: quick");
    assertThat(md).doesNotContain("Closing note").doesNotContain("load average at the start was above");
  }

  @Test
  void markdownWarnsAboutALoadedMachineAndAppendsTheClosingNote() {
    String md = ReportWriter.markdown(report(5.0, "Why the no-op figure missed.\n"));
    assertThat(md).contains("load average at the start was above the core count");
    assertThat(md).endsWith("## Closing note\n\nWhy the no-op figure missed.\n");
  }

  @Test
  void jsonCarriesEveryRunAndTheVerdicts() throws Exception {
    JsonNode root = new ObjectMapper().readTree(ReportWriter.json(report(0.5, null)));
    assertThat(root.get("runs").asInt()).isEqualTo(3);
    assertThat(root.get("machine").get("cores").asInt()).isEqualTo(2);
    assertThat(root.get("machine").get("loadAverageAtEnd").asText()).isEqualTo("0.50 0.60 0.70");
    JsonNode first = root.get("results").get(0);
    assertThat(first.get("jobpipe").get("median").asDouble()).isEqualTo(100_000.0);
    assertThat(first.get("jobpipe").get("runs")).hasSize(3);
    assertThat(first.get("ratio").asDouble()).isEqualTo(100_000.0 / 100_000.0);
    assertThat(first.get("met").asBoolean()).isTrue();
    assertThat(root.get("results").get(1).get("met").asBoolean()).isFalse();
    JsonNode lateness = root.get("results").get(2);
    assertThat(lateness.has("comparison")).isFalse();
    assertThat(lateness.has("ratio")).isFalse();
    assertThat(root.get("results").get(3).has("met")).isFalse();
    assertThat(root.get("notes").get(0).asText()).isEqualTo("how publish was measured");
  }

  @Test
  void everyContendersFiguresAndTheSeparatelyMeasuredOnes() throws Exception {
    Report base = report(0.5, "note");
    Report r = new Report(base.startedAt(), base.took(), base.command(), base.runs(), base.machine(), base.loadAverageAtEnd(),
        base.parameters(), base.rows(), base.notes(), base.closingNote(),
        List.of(new ContenderFigures("noop", "jobpipe-nodone", Summary.of(List.of(1_000.0, 2_000.0, 3_000.0)),
            Summary.of(List.of(5.0, 5.5, 6.0)), null)), "## Scheduler lateness\n\nmeasured by hand\n");
    String md = ReportWriter.markdown(r);
    assertThat(md).contains("| noop | jobpipe-nodone | 2,000 jobs/s (1,000–3,000) | 5.5 CPU-ms/1k jobs (5.0–6.0) | — |");
    assertThat(md).endsWith("note\n\n## Scheduler lateness\n\nmeasured by hand\n");
    JsonNode root = new ObjectMapper().readTree(ReportWriter.json(r));
    assertThat(root.get("contenders").get(0).get("cpuMillisPerThousand").get("median").asDouble()).isEqualTo(5.5);
  }

  @Test
  void writesBothFilesWithoutLeavingTemporaries(@TempDir Path dir) throws Exception {
    ReportWriter.write(report(0.5, null), dir);
    assertThat(dir.resolve("RESULTS.md")).content().startsWith("# jobpipe benchmark results");
    assertThat(dir.resolve("results.json")).content().startsWith("{");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("RESULTS.md", "results.json");
    }
  }
}
