package dev.jobpipe.cli.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a plain-text table that fits a terminal width: fixed columns take what their content
 * needs (up to a cap), and the one flexible column takes what is left, its cells cut with
 * {@code ...}. Newlines and tabs inside cells become spaces so every row stays one line.
 */
final class DlqTable {

  static final String GAP = "  ";
  static final String CUT = "...";

  /**
   * One column.
   *
   * @param title header text
   * @param max widest the column may be (cells are cut beyond it)
   * @param flexible whether the column takes the remaining width (at most one should)
   * @param min narrowest a flexible column may be, even if the table then exceeds the width
   */
  record Column(String title, int max, boolean flexible, int min) {
    static Column fixed(String title, int max) {
      return new Column(title, max, false, 0);
    }

    static Column flexible(String title, int min) {
      return new Column(title, Integer.MAX_VALUE, true, min);
    }
  }

  private final List<Column> columns;
  private final List<List<String>> rows = new ArrayList<>();

  DlqTable(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  DlqTable row(List<String> cells) {
    if (cells.size() != columns.size()) {
      throw new IllegalArgumentException("row has " + cells.size() + " cells, table has " + columns.size() + " columns");
    }
    rows.add(cells.stream().map(DlqTable::oneLine).toList());
    return this;
  }

  /** The table in at most {@code width} characters per line where the flexible column's minimum allows. */
  String render(int width) {
    int n = columns.size();
    int[] widths = new int[n];
    int used = GAP.length() * (n - 1);
    int flex = -1;
    for (int c = 0; c < n; c++) {
      Column col = columns.get(c);
      int natural = col.title().length();
      for (List<String> row : rows) {
        natural = Math.max(natural, row.get(c).length());
      }
      widths[c] = Math.min(natural, col.max());
      if (col.flexible()) {
        flex = c;
      } else {
        used += widths[c];
      }
    }
    if (flex >= 0) {
      int left = width - used;
      widths[flex] = Math.min(widths[flex], Math.max(columns.get(flex).min(), left));
    }
    StringBuilder out = new StringBuilder();
    line(out, columns.stream().map(Column::title).toList(), widths);
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        line.append(GAP);
      }
      String cell = cut(cells.get(c), widths[c]);
      line.append(cell).append(" ".repeat(widths[c] - cell.length()));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  /** {@code text} in at most {@code width} characters, ending in {@code ...} when cut. */
  static String cut(String text, int width) {
    if (text.length() <= width) {
      return text;
    }
    if (width <= CUT.length()) {
      return text.substring(0, width);
    }
    return text.substring(0, width - CUT.length()) + CUT;
  }

  static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ").strip();
  }

  /**
   * A class name in at most {@code width} characters: packages shortened to their first letter
   * first ({@code c.a.mail.SmtpException}, then {@code c.a.m.SmtpException}), then the simple name
   * alone, cut only if even that does not fit.
   */
  static String abbreviateClass(String className, int width) {
    if (className == null || className.length() <= width) {
      return className == null ? "" : className;
    }
    String[] parts = className.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      if (!parts[i].isEmpty()) {
        parts[i] = parts[i].substring(0, 1);
      }
      String joined = String.join(".", parts);
      if (joined.length() <= width) {
        return joined;
      }
    }
    return cut(parts[parts.length - 1], width);
  }
}
