package dev.jobpipe.e2e.deploy;

import dev.jobpipe.e2e.deploy.PromQl.Aggregation;
import dev.jobpipe.e2e.deploy.PromQl.Binary;
import dev.jobpipe.e2e.deploy.PromQl.Call;
import dev.jobpipe.e2e.deploy.PromQl.Expr;
import dev.jobpipe.e2e.deploy.PromQl.NumberLiteral;
import dev.jobpipe.e2e.deploy.PromQl.Paren;
import dev.jobpipe.e2e.deploy.PromQl.Range;
import dev.jobpipe.e2e.deploy.PromQl.Selector;
import dev.jobpipe.e2e.deploy.PromQl.StringLiteral;
import dev.jobpipe.e2e.deploy.PromQl.Unary;
import dev.jobpipe.e2e.deploy.PromQl.VectorMatching;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Which labels the result of a parsed PromQL expression carries, following Prometheus' rules for
 * aggregations, functions and vector matching: what alert annotations and legend formats may use.
 */
final class PromQlLabels {
  private PromQlLabels() {}

  /** Whether the expression evaluates to a scalar (a number, not a vector without labels). */
  static boolean isScalar(Expr expr) {
    return switch (expr) {
      case NumberLiteral n -> true;
      case Paren p -> isScalar(p.expr());
      case Unary u -> isScalar(u.expr());
      case Call c -> Set.of("scalar", "time", "pi").contains(c.function());
      case Binary b -> isScalar(b.lhs()) && isScalar(b.rhs());
      default -> false;
    };
  }

  /**
   * The labels every series of the result carries, given the labels of each metric: what alert
   * annotations ({@code $labels.x}) and legend formats ({@code {{x}}}) can rely on.
   */
  static Set<String> outputLabels(Expr expr, Function<String, Set<String>> labelsOf) {
    return switch (expr) {
      case Selector s -> s.metric() == null ? Set.of() : labelsOf.apply(s.metric());
      case NumberLiteral n -> Set.of();
      case StringLiteral s -> Set.of();
      case Paren p -> outputLabels(p.expr(), labelsOf);
      case Unary u -> outputLabels(u.expr(), labelsOf);
      case Range r -> outputLabels(r.expr(), labelsOf);
      case Aggregation a -> {
        Set<String> inner = outputLabels(a.expr(), labelsOf);
        if (Set.of("topk", "bottomk", "limitk", "limit_ratio").contains(a.op())) {
          yield inner;
        }
        Set<String> out = new LinkedHashSet<>();
        if (a.grouping() != null && !a.grouping().without()) {
          out.addAll(a.grouping().labels());
        } else if (a.grouping() != null) {
          out.addAll(inner);
          out.removeAll(a.grouping().labels());
        }
        if (a.op().equals("count_values") && a.param() instanceof StringLiteral label) {
          out.add(label.value());
        }
        yield out;
      }
      case Call c -> callLabels(c, labelsOf);
      case Binary b -> binaryLabels(b, labelsOf);
    };
  }

  private static Set<String> callLabels(Call c, Function<String, Set<String>> labelsOf) {
    switch (c.function()) {
      case "scalar", "time", "pi", "vector" -> {
        return Set.of();
      }
      case "absent", "absent_over_time" -> {
        Expr arg = c.args().isEmpty() ? null : c.args().get(0);
        if (arg instanceof Range r) {
          arg = r.expr();
        }
        Set<String> out = new LinkedHashSet<>();
        if (arg instanceof Selector s) {
          s.matchers().stream().filter(m -> m.op().equals("=")).forEach(m -> out.add(m.label()));
        }
        return out;
      }
      case "histogram_quantile", "histogram_fraction" -> {
        Set<String> out = new LinkedHashSet<>(outputLabels(c.args().get(c.args().size() - 1), labelsOf));
        out.remove("le");
        return out;
      }
      case "label_replace", "label_join" -> {
        Set<String> out = new LinkedHashSet<>(outputLabels(c.args().get(0), labelsOf));
        if (c.args().size() > 1 && c.args().get(1) instanceof StringLiteral dst) {
          out.add(dst.value());
        }
        return out;
      }
      default -> {
        for (Expr arg : c.args()) {
          if (!isScalar(arg) && !(arg instanceof StringLiteral)) {
            return outputLabels(arg, labelsOf);
          }
        }
        return Set.of();
      }
    }
  }

  private static Set<String> binaryLabels(Binary b, Function<String, Set<String>> labelsOf) {
    Set<String> lhs = outputLabels(b.lhs(), labelsOf);
    Set<String> rhs = outputLabels(b.rhs(), labelsOf);
    if (isScalar(b.lhs())) {
      return rhs;
    }
    if (isScalar(b.rhs())) {
      return lhs;
    }
    VectorMatching m = b.matching();
    switch (b.op()) {
      case "and", "unless" -> {
        return lhs;
      }
      case "or" -> {
        Set<String> both = new LinkedHashSet<>(lhs);
        both.retainAll(rhs);
        return both;
      }
      default -> {
        if (m == null) {
          return lhs;
        }
        if (m.group() != null) {
          Set<String> out = new LinkedHashSet<>(m.group().equals("group_left") ? lhs : rhs);
          out.addAll(m.include());
          return out;
        }
        if (m.on()) {
          return new LinkedHashSet<>(m.labels());
        }
        Set<String> out = new LinkedHashSet<>(lhs);
        m.labels().forEach(out::remove);
        return out;
      }
    }
  }
}
