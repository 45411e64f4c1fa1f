package dev.jobpipe.bench.report;

import java.util.Optional;

/**
 * What a figure has to reach, from the issues: a ratio to the comparison's figure (jobpipe's
 * median ÷ the comparison's median), or an absolute bound on jobpipe's median.
 *
 * @param kind how {@code value} is compared
 * @param value the bound
 * @param text how the report prints it, e.g. {@code ≥ 0.8×}
 */
public record Target(Kind kind, double value, String text) {

  /** How a target bounds a figure. */
  public enum Kind {
    /** jobpipe ÷ comparison must be at least {@code value}. */
    RATIO_AT_LEAST,
    /** jobpipe ÷ comparison must be at most {@code value} (costs such as CPU per job). */
    RATIO_AT_MOST,
    /** jobpipe's median must be at most {@code value} (latencies). */
    AT_MOST,
    /** jobpipe's median must be at least {@code value}. */
    AT_LEAST
  }

  public static Target ratioAtLeast(double ratio) {
    return new Target(Kind.RATIO_AT_LEAST, ratio, "≥ " + trim(ratio) + "×");
  }

  public static Target ratioAtMost(double ratio) {
    return new Target(Kind.RATIO_AT_MOST, ratio, "≤ " + trim(ratio) + "×");
  }

  public static Target atMost(double value, String unit) {
    return new Target(Kind.AT_MOST, value, "≤ " + trim(value) + " " + unit);
  }

  public static Target atLeast(double value, String unit) {
    return new Target(Kind.AT_LEAST, value, "≥ " + Figures.format(value, unit) + " " + unit);
  }

  /** Whether {@code jobpipe} meets the target; empty when a ratio target has no comparison figure. */
  public Optional<Boolean> met(Summary jobpipe, Summary comparison) {
    return switch (kind) {
      case RATIO_AT_LEAST -> comparison == null || comparison.median() == 0
          ? Optional.empty()
          : Optional.of(jobpipe.median() / comparison.median() >= value);
      case RATIO_AT_MOST -> comparison == null || comparison.median() == 0
          ? Optional.empty()
          : Optional.of(jobpipe.median() / comparison.median() <= value);
      case AT_MOST -> Optional.of(jobpipe.median() <= value);
      case AT_LEAST -> Optional.of(jobpipe.median() >= value);
    };
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
