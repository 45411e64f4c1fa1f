package dev.jobpipe.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link Report} as {@code RESULTS.md} (for people) and {@code results.json} (for tools). */
public final class ReportWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private ReportWriter() {}

  /** Writes both files into {@code dir}, each through a temporary file so no half-written report remains. */
  public static void write(Report report, Path dir) {
    writeAtomically(dir.resolve("RESULTS.md"), markdown(report));
    writeAtomically(dir.resolve("results.json"), json(report));
  }

  /** The Markdown report: machine, the results table, notes, parameters. */
  public static String markdown(Report r) {
    StringBuilder md = new StringBuilder();
    md.append("# jobpipe benchmark results\n\n");
    md.append("Produced by `").append(r.command()).append("` on ").append(WHEN.format(r.startedAt()))
        .append(" in ").append(minutes(r.took())).append(". Every figure is the median of ").append(r.runs())
        .append(" runs, with the lowest and highest run in brackets. jobpipe and each comparison ran in the")
        .append(" same run, on the same broker and the same topic data, alternating run by run.\n\n");

    md.append("## Machine\n\n");
    md.append("| cores | memory | CPU | JDK | OS | load average at start | at end |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    MachineInfo m = r.machine();
    md.append("| ").append(m.cores()).append(" | ").append(gib(m.memoryBytes())).append(" | ").append(cell(m.cpuModel()))
        .append(" | ").append(cell(m.jdk())).append(" | ").append(cell(m.os())).append(" | ").append(m.loadAverage())
        .append(" | ").append(r.loadAverageAtEnd()).append(" |\n\n");
    if (m.loadAverage1m() > m.cores()) {
      md.append("The load average at the start was above the core count: other work shared the machine, so")
          .append(" absolute figures are lower and noisier than on an idle machine; ratios of contenders that")
          .append(" alternated within the run are the more telling figures.\n\n");
    }

    md.append("## Results\n\n");
    md.append("| scenario | jobpipe | comparison | ratio | target | met? |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (ResultRow row : r.rows()) {
      md.append("| ").append(cell(row.scenario()))
          .append(" | ").append(Figures.cell(row.jobpipe(), row.unit()))
          .append(" | ").append(row.comparison() == null ? "—"
              : cell(row.comparisonName()) + ": " + Figures.cell(row.comparison(), row.unit()))
          .append(" | ").append(row.ratio().isPresent() ? Figures.format(row.ratio().getAsDouble(), "×") + "×" : "—")
          .append(" | ").append(row.target() == null ? "—" : row.target().text())
          .append(" | ").append(row.met().map(met -> met ? "yes" : "**no**").orElse("—"))
          .append(" |\n");
    }
    md.append('\n');
    long missed = r.rows().stream().filter(row -> row.met().orElse(true) == false).count();
    md.append(missed == 0 ? "Every target was met in this run.\n\n"
        : missed + " target" + (missed == 1 ? " was" : "s were") + " missed in this run (see the closing note).\n\n");

    if (!r.contenders().isEmpty()) {
      md.append("## Every contender\n\n");
      md.append("Each consuming contender's own figures: median (lowest–highest run).\n\n");
      md.append("| scenario | contender | jobs/s | CPU-ms per 1,000 jobs | peak RSS |\n");
      md.append("|---|---|---|---|---|\n");
      for (ContenderFigures c : r.contenders()) {
        md.append("| ").append(cell(c.scenario())).append(" | ").append(cell(c.contender()))
            .append(" | ").append(Figures.cell(c.rate(), "jobs/s"))
            .append(" | ").append(c.cpu() == null ? "—" : Figures.cell(c.cpu(), Figures.CPU_MS_PER_1K))
            .append(" | ").append(c.rssMiB() == null ? "—" : Figures.cell(c.rssMiB(), "MiB"))
            .append(" |\n");
      }
      md.append('\n');
    }

    if (!r.notes().isEmpty() || r.rows().stream().anyMatch(row -> row.note() != null)) {
      md.append("## How each figure was measured\n\n");
      for (String note : r.notes()) {
        md.append("- ").append(note).append('\n');
      }
      for (ResultRow row : r.rows()) {
        if (row.note() != null) {
          md.append("- *").append(row.scenario()).append("*: ").append(row.note()).append('\n');
        }
      }
      md.append('\n');
    }

    md.append("## Parameters\n\n");
    for (Map.Entry<String, Object> p : r.parameters().entrySet()) {
      md.append("- ").append(p.getKey()).append(": ").append(p.getValue()).append('\n');
    }
    md.append('\n');

    if (r.closingNote() != null && !r.closingNote().isBlank()) {
      md.append("## Closing note\n\n").append(r.closingNote().strip()).append('\n');
    }
    if (r.measuredSeparately() != null && !r.measuredSeparately().isBlank()) {
      md.append('\n').append(r.measuredSeparately().strip()).append('\n');
    }
    return md.toString();
  }

  /** The JSON report: the same content, every run's figure included. */
  public static String json(Report r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("startedAt", r.startedAt().toString());
    root.put("tookSeconds", r.took().toSeconds());
    root.put("command", r.command());
    root.put("runs", r.runs());
    ObjectNode machine = root.putObject("machine");
    machine.put("cores", r.machine().cores());
    machine.put("memoryBytes", r.machine().memoryBytes());
    machine.put("cpuModel", r.machine().cpuModel());
    machine.put("jdk", r.machine().jdk());
    machine.put("os", r.machine().os());
    machine.put("loadAverageAtStart", r.machine().loadAverage());
    machine.put("loadAverageAtEnd", r.loadAverageAtEnd());
    root.set("parameters", JSON.valueToTree(r.parameters()));
    ArrayNode rows = root.putArray("results");
    for (ResultRow row : r.rows()) {
      ObjectNode o = rows.addObject();
      o.put("scenario", row.scenario());
      o.put("unit", row.unit());
      o.set("jobpipe", summary(row.jobpipe()));
      if (row.comparison() != null) {
        o.put("comparisonName", row.comparisonName());
        o.set("comparison", summary(row.comparison()));
      }
      row.ratio().ifPresent(ratio -> o.put("ratio", ratio));
      if (row.target() != null) {
        o.put("target", row.target().text());
        row.met().ifPresent(met -> o.put("met", met));
      }
      if (row.note() != null) {
        o.put("note", row.note());
      }
    }
    ArrayNode contenders = root.putArray("contenders");
    for (ContenderFigures c : r.contenders()) {
      ObjectNode o = contenders.addObject();
      o.put("scenario", c.scenario());
      o.put("contender", c.contender());
      o.set("rate", summary(c.rate()));
      if (c.cpu() != null) {
        o.set("cpuMillisPerThousand", summary(c.cpu()));
      }
      if (c.rssMiB() != null) {
        o.set("peakRssMiB", summary(c.rssMiB()));
      }
    }
    ArrayNode notes = root.putArray("notes");
    r.notes().forEach(notes::add);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode summary(Summary s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("median", s.median());
    o.put("min", s.min());
    o.put("max", s.max());
    ArrayNode runs = o.putArray("runs");
    s.runs().forEach(runs::add);
    return o;
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static String gib(long bytes) {
    return bytes <= 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }

  private static String minutes(java.time.Duration d) {
    return d.toMinutes() + " min " + d.toSecondsPart() + " s";
  }

  /** Regenerates the performance table of the README at {@code readme} from {@code report}. */
  public static void updateReadme(Report report, Path readme) {
    String text;
    try {
      text = Files.readString(readme);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + readme + ": " + e.getMessage(), e);
    }
    writeAtomically(readme, ReadmeTable.replace(text, ReadmeTable.render(report)));
  }

  private static void writeAtomically(Path target, String content) {
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp");
      Files.writeString(tmp, content);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
