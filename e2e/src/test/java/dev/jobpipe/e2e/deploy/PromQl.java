package dev.jobpipe.e2e.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parser for the PromQL the dashboard and the alert rules use: vector selectors with matchers,
 * range selectors and subqueries, offset and @ modifiers, functions, aggregations with by/without,
 * binary operators with precedence, bool and vector matching (on/ignoring, group_left/right).
 * It builds a syntax tree so that the checks can ask which series an expression reads and (with
 * {@link PromQlLabels}) which labels its result carries; it does not evaluate anything. Unknown functions are syntax errors.
 */
final class PromQl {

  sealed interface Expr permits Selector, NumberLiteral, StringLiteral, Paren, Unary, Range, Aggregation, Call, Binary {}

  record LabelMatcher(String label, String op, String value) {}

  /** {@code metric{label="value"}}; metric is null for a bare {@code {...}} selector. */
  record Selector(String metric, List<LabelMatcher> matchers) implements Expr {}

  record NumberLiteral(String text) implements Expr {}

  record StringLiteral(String value) implements Expr {}

  record Paren(Expr expr) implements Expr {}

  record Unary(String op, Expr expr) implements Expr {}

  /** {@code expr[range]} or the subquery {@code expr[range:step]} (step may be empty). */
  record Range(Expr expr, String range, String step, boolean subquery) implements Expr {}

  record Grouping(boolean without, List<String> labels) {}

  /** {@code op [by|without (labels)] ([param,] expr)}; grouping and param may be null. */
  record Aggregation(String op, Grouping grouping, Expr param, Expr expr) implements Expr {}

  record Call(String function, List<Expr> args) implements Expr {}

  /** on/ignoring labels, and group_left/group_right (null when one-to-one) with its extra labels. */
  record VectorMatching(boolean on, List<String> labels, String group, List<String> include) {}

  record Binary(String op, boolean bool, VectorMatching matching, Expr lhs, Expr rhs) implements Expr {}

  static final Set<String> AGGREGATIONS = Set.of(
      "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
      "bottomk", "topk", "quantile", "limitk", "limit_ratio");
  static final Set<String> PARAMETRIC_AGGREGATIONS = Set.of(
      "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
  static final Set<String> FUNCTIONS = Set.of(
      "abs", "absent", "absent_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh",
      "avg_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "cos", "cosh",
      "count_over_time", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "deg",
      "delta", "deriv", "double_exponential_smoothing", "exp", "floor", "histogram_avg",
      "histogram_count", "histogram_fraction", "histogram_quantile", "histogram_stddev",
      "histogram_stdvar", "histogram_sum", "holt_winters", "hour", "idelta", "increase", "irate",
      "label_join", "label_replace", "last_over_time", "ln", "log10", "log2", "mad_over_time",
      "max_over_time", "min_over_time", "minute", "month", "pi", "predict_linear",
      "present_over_time", "quantile_over_time", "rad", "rate", "resets", "round", "scalar", "sgn",
      "sin", "sinh", "sort", "sort_by_label", "sort_by_label_desc", "sort_desc", "sqrt",
      "stddev_over_time", "stdvar_over_time", "sum_over_time", "tan", "tanh", "time", "timestamp",
      "vector", "year");
  /** Functions whose (first vector) argument must be a range vector. */
  static final Set<String> RANGE_FUNCTIONS = Set.of(
      "absent_over_time", "avg_over_time", "changes", "count_over_time", "delta", "deriv",
      "double_exponential_smoothing", "holt_winters", "idelta", "increase", "irate",
      "last_over_time", "mad_over_time", "max_over_time", "min_over_time", "predict_linear",
      "present_over_time", "quantile_over_time", "rate", "resets", "stddev_over_time",
      "stdvar_over_time", "sum_over_time");

  private static final Set<String> KEYWORDS = Set.of(
      "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
      "and", "or", "unless", "atan2");

  private enum Kind { IDENT, NUMBER, DURATION, STRING, LBRACE, RBRACE, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, COLON, AT, OP, EOF }

  private record Token(Kind kind, String text, int pos) {}

  private static final Pattern DURATION = Pattern.compile("(?:[0-9]+(?:ms|s|m|h|d|w|y))+");
  private static final Pattern NUMBER = Pattern.compile("0[xX][0-9a-fA-F]+|(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final Pattern IDENT = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_:]*");
  private static final List<String> OPERATORS = List.of("==", "!=", "<=", ">=", "=~", "!~", "<", ">", "=", "+", "-", "*", "/", "%", "^");

  private final String text;
  private final List<Token> tokens;
  private int next;

  private PromQl(String text) {
    this.text = text;
    this.tokens = lex(text);
  }

  /** Parses one expression; throws {@link IllegalArgumentException} naming the position on a syntax error. */
  static Expr parse(String text) {
    PromQl parser = new PromQl(text);
    Expr expr = parser.expression(0);
    parser.expect(Kind.EOF, "end of expression");
    return expr;
  }

  // ---------------------------------------------------------------- lexer

  private static List<Token> lex(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (Character.isLetter(c) || c == '_') {
        Matcher m = IDENT.matcher(s).region(i, s.length());
        m.lookingAt();
        out.add(new Token(Kind.IDENT, m.group(), i));
        i = m.end();
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
        Matcher d = DURATION.matcher(s).region(i, s.length());
        if (d.lookingAt() && (d.end() == s.length() || !Character.isLetterOrDigit(s.charAt(d.end())))) {
          out.add(new Token(Kind.DURATION, d.group(), i));
          i = d.end();
        } else {
          Matcher n = NUMBER.matcher(s).region(i, s.length());
          n.lookingAt();
          out.add(new Token(Kind.NUMBER, n.group(), i));
          i = n.end();
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        StringBuilder value = new StringBuilder();
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          if (s.charAt(j) == '\\' && c != '`' && j + 1 < s.length()) {
            j++;
          }
          value.append(s.charAt(j));
          j++;
        }
        if (j >= s.length()) {
          throw new IllegalArgumentException("unterminated string at " + i + " in: " + s);
        }
        out.add(new Token(Kind.STRING, value.toString(), i));
        i = j + 1;
      } else {
        Kind kind = switch (c) {
          case '{' -> Kind.LBRACE;
          case '}' -> Kind.RBRACE;
          case '(' -> Kind.LPAREN;
          case ')' -> Kind.RPAREN;
          case '[' -> Kind.LBRACKET;
          case ']' -> Kind.RBRACKET;
          case ',' -> Kind.COMMA;
          case ':' -> Kind.COLON;
          case '@' -> Kind.AT;
          default -> null;
        };
        if (kind != null) {
          out.add(new Token(kind, String.valueOf(c), i));
          i++;
          continue;
        }
        String op = null;
        for (String candidate : OPERATORS) {
          if (s.startsWith(candidate, i)) {
            op = candidate;
            break;
          }
        }
        if (op == null) {
          throw new IllegalArgumentException("unexpected character '" + c + "' at " + i + " in: " + s);
        }
        out.add(new Token(Kind.OP, op, i));
        i += op.length();
      }
    }
    out.add(new Token(Kind.EOF, "", s.length()));
    return out;
  }

  // ---------------------------------------------------------------- parser

  private Token peek() {
    return tokens.get(next);
  }

  private Token peekAt(int offset) {
    return tokens.get(Math.min(next + offset, tokens.size() - 1));
  }

  private Token take() {
    return tokens.get(next++);
  }

  private boolean at(Kind kind) {
    return peek().kind() == kind;
  }

  private boolean atIdent(String word) {
    return at(Kind.IDENT) && peek().text().equals(word);
  }

  private Token expect(Kind kind, String what) {
    if (!at(kind)) {
      throw error("expected " + what);
    }
    return take();
  }

  private IllegalArgumentException error(String message) {
    Token t = peek();
    return new IllegalArgumentException(message + " at position " + t.pos() + " ('"
        + (t.kind() == Kind.EOF ? "end" : t.text()) + "') in: " + text);
  }

  private static int precedence(String op) {
    return switch (op) {
      case "or" -> 1;
      case "and", "unless" -> 2;
      case "==", "!=", "<=", "<", ">=", ">" -> 3;
      case "+", "-" -> 4;
      case "*", "/", "%", "atan2" -> 5;
      case "^" -> 6;
      default -> -1;
    };
  }

  private String binaryOperator() {
    Token t = peek();
    if (t.kind() == Kind.OP && precedence(t.text()) > 0) {
      return t.text();
    }
    if (t.kind() == Kind.IDENT && Set.of("and", "or", "unless", "atan2").contains(t.text())) {
      return t.text();
    }
    return null;
  }

  private Expr expression(int minPrecedence) {
    Expr lhs = unary();
    while (true) {
      String op = binaryOperator();
      if (op == null || precedence(op) < minPrecedence) {
        return lhs;
      }
      take();
      boolean bool = false;
      if (atIdent("bool")) {
        if (precedence(op) != 3) {
          throw error("bool is only allowed on comparison operators");
        }
        take();
        bool = true;
      }
      VectorMatching matching = null;
      if (atIdent("on") || atIdent("ignoring")) {
        boolean on = take().text().equals("on");
        List<String> labels = labelList();
        String group = null;
        List<String> include = List.of();
        if (atIdent("group_left") || atIdent("group_right")) {
          group = take().text();
          if (at(Kind.LPAREN)) {
            include = labelList();
          }
        }
        matching = new VectorMatching(on, labels, group, include);
      }
      int nextMin = op.equals("^") ? precedence(op) : precedence(op) + 1;
      Expr rhs = expression(nextMin);
      lhs = new Binary(op, bool, matching, lhs, rhs);
    }
  }

  private Expr unary() {
    if (at(Kind.OP) && (peek().text().equals("-") || peek().text().equals("+"))) {
      String op = take().text();
      return new Unary(op, unary());
    }
    return postfix(primary());
  }

  private Expr postfix(Expr expr) {
    while (true) {
      if (at(Kind.LBRACKET)) {
        take();
        String range = expect(Kind.DURATION, "a duration").text();
        String step = null;
        boolean subquery = false;
        if (at(Kind.COLON)) {
          take();
          subquery = true;
          step = at(Kind.DURATION) ? take().text() : "";
        }
        expect(Kind.RBRACKET, "]");
        if (!subquery && !(expr instanceof Selector)) {
          throw error("a range [" + range + "] needs a vector selector before it");
        }
        expr = new Range(expr, range, step, subquery);
      } else if (atIdent("offset")) {
        take();
        if (at(Kind.OP) && peek().text().equals("-")) {
          take();
        }
        expect(Kind.DURATION, "a duration after offset");
      } else if (at(Kind.AT)) {
        take();
        if (at(Kind.NUMBER)) {
          take();
        } else if (atIdent("start") || atIdent("end")) {
          take();
          expect(Kind.LPAREN, "(");
          expect(Kind.RPAREN, ")");
        } else {
          throw error("expected a timestamp, start() or end() after @");
        }
      } else {
        return expr;
      }
    }
  }

  private Expr primary() {
    Token t = peek();
    switch (t.kind()) {
      case NUMBER -> {
        take();
        return new NumberLiteral(t.text());
      }
      case STRING -> {
        take();
        return new StringLiteral(t.text());
      }
      case LPAREN -> {
        take();
        Expr inner = expression(0);
        expect(Kind.RPAREN, ")");
        return new Paren(inner);
      }
      case LBRACE -> {
        return new Selector(null, matchers());
      }
      case IDENT -> {
        String name = t.text();
        if (name.equalsIgnoreCase("inf") || name.equalsIgnoreCase("nan")) {
          take();
          return new NumberLiteral(name);
        }
        if (AGGREGATIONS.contains(name)
            && (peekAt(1).kind() == Kind.LPAREN || isGroupingWord(peekAt(1)))) {
          return aggregation();
        }
        if (peekAt(1).kind() == Kind.LPAREN) {
          if (!FUNCTIONS.contains(name)) {
            throw error("unknown function " + name);
          }
          take();
          return new Call(name, arguments());
        }
        if (KEYWORDS.contains(name)) {
          throw error("unexpected keyword " + name);
        }
        take();
        return new Selector(name, at(Kind.LBRACE) ? matchers() : List.of());
      }
      default -> throw error("expected an expression");
    }
  }

  private static boolean isGroupingWord(Token t) {
    return t.kind() == Kind.IDENT && (t.text().equals("by") || t.text().equals("without"));
  }

  private Expr aggregation() {
    String op = take().text();
    Grouping grouping = null;
    if (isGroupingWord(peek())) {
      grouping = grouping();
    }
    List<Expr> args = arguments();
    if (grouping == null && isGroupingWord(peek())) {
      grouping = grouping();
    }
    boolean parametric = PARAMETRIC_AGGREGATIONS.contains(op);
    if (args.size() != (parametric ? 2 : 1)) {
      throw error(op + " takes " + (parametric ? "a parameter and an expression" : "one expression"));
    }
    return new Aggregation(op, grouping, parametric ? args.get(0) : null, args.get(args.size() - 1));
  }

  private Grouping grouping() {
    boolean without = take().text().equals("without");
    return new Grouping(without, labelList());
  }

  private List<String> labelList() {
    expect(Kind.LPAREN, "(");
    List<String> labels = new ArrayList<>();
    while (!at(Kind.RPAREN)) {
      labels.add(expect(Kind.IDENT, "a label name").text());
      if (!at(Kind.RPAREN)) {
        expect(Kind.COMMA, ", or )");
      }
    }
    take();
    return labels;
  }

  private List<Expr> arguments() {
    expect(Kind.LPAREN, "(");
    List<Expr> args = new ArrayList<>();
    while (!at(Kind.RPAREN)) {
      args.add(expression(0));
      if (!at(Kind.RPAREN)) {
        expect(Kind.COMMA, ", or )");
      }
    }
    take();
    return args;
  }

  private List<LabelMatcher> matchers() {
    expect(Kind.LBRACE, "{");
    List<LabelMatcher> matchers = new ArrayList<>();
    while (!at(Kind.RBRACE)) {
      String label = expect(Kind.IDENT, "a label name").text();
      Token op = expect(Kind.OP, "a matcher operator");
      if (!Set.of("=", "!=", "=~", "!~").contains(op.text())) {
        throw error("not a label matcher operator: " + op.text());
      }
      String value = expect(Kind.STRING, "a quoted label value").text();
      matchers.add(new LabelMatcher(label, op.text(), value));
      if (!at(Kind.RBRACE)) {
        expect(Kind.COMMA, ", or }");
      }
    }
    take();
    return matchers;
  }

  // ---------------------------------------------------------------- queries on the tree

  /** Every vector selector of the expression, in order. */
  static List<Selector> selectors(Expr expr) {
    List<Selector> out = new ArrayList<>();
    walk(expr, e -> {
      if (e instanceof Selector s) {
        out.add(s);
      }
    });
    return out;
  }

  static void walk(Expr expr, java.util.function.Consumer<Expr> visitor) {
    visitor.accept(expr);
    for (Expr child : children(expr)) {
      walk(child, visitor);
    }
  }

  static List<Expr> children(Expr expr) {
    return switch (expr) {
      case Selector s -> List.of();
      case NumberLiteral n -> List.of();
      case StringLiteral s -> List.of();
      case Paren p -> List.of(p.expr());
      case Unary u -> List.of(u.expr());
      case Range r -> List.of(r.expr());
      case Aggregation a -> a.param() == null ? List.of(a.expr()) : List.of(a.param(), a.expr());
      case Call c -> c.args();
      case Binary b -> List.of(b.lhs(), b.rhs());
    };
  }
}
