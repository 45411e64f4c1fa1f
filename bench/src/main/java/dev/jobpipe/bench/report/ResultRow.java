package dev.jobpipe.bench.report;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One line of the report: a jobpipe figure, the figure it is compared with (if any), and the
 * target it has to reach (if any).
 *
 * @param scenario what was measured, e.g. {@code publish, 256-byte payloads}
 * @param unit {@code jobs/s}, {@code ms} or {@code MiB}
 * @param jobpipe jobpipe's figure over the runs
 * @param comparisonName who jobpipe is compared with; null for none
 * @param comparison that contender's figure; null for none
 * @param target what jobpipe must reach; null for a figure reported without one
 * @param note a short remark shown under the table, or null
 */
public record ResultRow(
    String scenario,
    String unit,
    Summary jobpipe,
    String comparisonName,
    Summary comparison,
    Target target,
    String note) {

  /** jobpipe's median ÷ the comparison's median; empty without a comparison. */
  public OptionalDouble ratio() {
    if (comparison == null || comparison.median() == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(jobpipe.median() / comparison.median());
  }

  /** Whether the target is met; empty when there is no target or it cannot be judged. */
  public Optional<Boolean> met() {
    return target == null ? Optional.empty() : target.met(jobpipe, comparison);
  }
}
