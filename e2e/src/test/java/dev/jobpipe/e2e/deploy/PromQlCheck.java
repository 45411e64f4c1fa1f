package dev.jobpipe.e2e.deploy;

import dev.jobpipe.e2e.deploy.PromQl.Aggregation;
import dev.jobpipe.e2e.deploy.PromQl.Binary;
import dev.jobpipe.e2e.deploy.PromQl.Call;
import dev.jobpipe.e2e.deploy.PromQl.Expr;
import dev.jobpipe.e2e.deploy.PromQl.LabelMatcher;
import dev.jobpipe.e2e.deploy.PromQl.Paren;
import dev.jobpipe.e2e.deploy.PromQl.Range;
import dev.jobpipe.e2e.deploy.PromQl.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks one PromQL expression of a dashboard or rule file against what jobpipe exports: every
 * series exists, every matcher and grouping label exists on what it applies to, {@code outcome}
 * values are the ones the code uses, counters are only read through rate-like functions and
 * gauges never are, and histogram buckets only feed {@code histogram_quantile} with {@code le} kept.
 */
final class PromQlCheck {

  /** The outcome of a check: the problems found (empty when fine) and the labels of the result. */
  record Result(String expr, List<String> problems, Set<String> outputLabels) {
    boolean ok() {
      return problems.isEmpty();
    }
  }

  private static final Set<String> COUNTER_FUNCTIONS = Set.of("rate", "increase", "irate", "resets");
  private static final Set<String> GAUGE_FUNCTIONS = Set.of("deriv", "delta", "idelta", "predict_linear");

  private final ExportedMetrics metrics;

  PromQlCheck(ExportedMetrics metrics) {
    this.metrics = metrics;
  }

  Result check(String expr) {
    List<String> problems = new ArrayList<>();
    Expr tree;
    try {
      tree = PromQl.parse(expr);
    } catch (IllegalArgumentException e) {
      return new Result(expr, List.of("syntax: " + e.getMessage()), Set.of());
    }
    for (Selector s : PromQl.selectors(tree)) {
      if (s.metric() == null) {
        problems.add("selector without a metric name: " + s.matchers());
        continue;
      }
      if (!metrics.exports(s.metric())) {
        problems.add("jobpipe does not export " + s.metric() + " (exported: " + metrics.series() + ")");
        continue;
      }
      for (LabelMatcher m : s.matchers()) {
        if (!metrics.labels(s.metric()).contains(m.label())) {
          problems.add(s.metric() + " has no label " + m.label() + " (it has " + metrics.labels(s.metric()) + ")");
        }
        if (m.label().equals("outcome") && (m.op().equals("=") || m.op().equals("!="))
            && !ExportedMetrics.outcomes().contains(m.value())) {
          problems.add("outcome=\"" + m.value() + "\" is not an outcome the code records " + ExportedMetrics.outcomes());
        }
      }
    }
    if (!problems.isEmpty()) {
      return new Result(expr, problems, Set.of());
    }
    inspect(tree, false, problems);
    return new Result(expr, problems, PromQlLabels.outputLabels(tree, metrics::labels));
  }

  private void inspect(Expr expr, boolean inHistogramQuantile, List<String> problems) {
    switch (expr) {
      case Selector s -> {
        if (s.metric().endsWith("_bucket") && !inHistogramQuantile) {
          problems.add(s.metric() + " is read outside histogram_quantile");
        }
      }
      case Aggregation a -> {
        if (a.grouping() != null) {
          Set<String> inner = labels(a.expr());
          for (String label : a.grouping().labels()) {
            if (!inner.contains(label)) {
              problems.add(a.op() + (a.grouping().without() ? " without " : " by ") + label
                  + ": the aggregated series have no such label (they have " + inner + ")");
            }
          }
        }
        inspectChildren(expr, inHistogramQuantile, problems);
      }
      case Call c -> {
        if (PromQl.RANGE_FUNCTIONS.contains(c.function())
            && c.args().stream().noneMatch(arg -> unwrap(arg) instanceof Range)) {
          problems.add(c.function() + " needs a range vector argument");
        }
        for (Expr arg : c.args()) {
          if (unwrap(arg) instanceof Range r && r.expr() instanceof Selector s) {
            boolean counter = metrics.isCounter(s.metric());
            if (COUNTER_FUNCTIONS.contains(c.function()) && !counter) {
              problems.add(c.function() + " of " + s.metric() + ", which is not a counter");
            }
            if (GAUGE_FUNCTIONS.contains(c.function()) && counter) {
              problems.add(c.function() + " of " + s.metric() + ", which is a counter (use rate or increase)");
            }
          }
        }
        if (c.function().equals("histogram_quantile")) {
          Expr vector = c.args().get(c.args().size() - 1);
          if (!labels(vector).contains("le")) {
            problems.add("histogram_quantile over series without le (keep le in the by clause)");
          }
          inspectChildren(expr, true, problems);
        } else {
          inspectChildren(expr, inHistogramQuantile, problems);
        }
      }
      case Binary b -> {
        if (b.matching() != null) {
          Set<String> lhs = labels(b.lhs());
          Set<String> rhs = labels(b.rhs());
          for (String label : b.matching().labels()) {
            if (b.matching().on() && (!lhs.contains(label) || !rhs.contains(label))) {
              problems.add("on(" + label + "): not a label of both sides (" + lhs + " vs " + rhs + ")");
            }
          }
        }
        inspectChildren(expr, inHistogramQuantile, problems);
      }
      default -> inspectChildren(expr, inHistogramQuantile, problems);
    }
  }

  private void inspectChildren(Expr expr, boolean inHistogramQuantile, List<String> problems) {
    for (Expr child : PromQl.children(expr)) {
      inspect(child, inHistogramQuantile, problems);
    }
  }

  private Set<String> labels(Expr expr) {
    return PromQlLabels.outputLabels(expr, metrics::labels);
  }

  private static Expr unwrap(Expr expr) {
    return expr instanceof Paren p ? unwrap(p.expr()) : expr;
  }
}
