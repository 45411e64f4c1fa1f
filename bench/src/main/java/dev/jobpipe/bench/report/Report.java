package dev.jobpipe.bench.report;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run of the harness found, in the form both report files are rendered from.
 *
 * @param startedAt when the run started
 * @param took how long it took, stack start-up included
 * @param command how it was started, e.g. {@code ./bench/run --quick}
 * @param runs how many runs each figure is the median of
 * @param machine the machine, with the load average at the start
 * @param loadAverageAtEnd the load average when the run ended
 * @param parameters the workload sizes and settings, by name
 * @param rows the figures
 * @param notes remarks of the scenarios (how each contender was set up, what was measured)
 * @param closingNote hand-written analysis of the committed run, or null
 * @param contenders every consuming contender's own figures, by scenario
 * @param measuredSeparately figures measured outside the harness (kept in their own file), or null
 */
public record Report(
    Instant startedAt,
    Duration took,
    String command,
    int runs,
    MachineInfo machine,
    String loadAverageAtEnd,
    Map<String, Object> parameters,
    List<ResultRow> rows,
    List<String> notes,
    String closingNote,
    List<ContenderFigures> contenders,
    String measuredSeparately) {

  public Report {
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    rows = List.copyOf(rows);
    notes = List.copyOf(notes);
    contenders = List.copyOf(contenders);
  }

  /** A report without per-contender figures or separately measured ones. */
  public Report(Instant startedAt, Duration took, String command, int runs, MachineInfo machine, String loadAverageAtEnd,
      Map<String, Object> parameters, List<ResultRow> rows, List<String> notes, String closingNote) {
    this(startedAt, took, command, runs, machine, loadAverageAtEnd, parameters, rows, notes, closingNote, List.of(), null);
  }
}
