package dev.jobpipe.bench.scenario;

import dev.jobpipe.bench.report.ResultRow;
import java.util.List;

/** One benchmark: runs jobpipe and its comparisons, alternating run by run, and returns the figures. */
public interface Scenario {

  /** The name {@code --only} selects it by. */
  String name();

  List<ResultRow> run(BenchContext context) throws Exception;
}
