package dev.jobpipe.bench.report;

import java.util.Locale;

/** How figures are printed: rates as whole numbers with separators, latencies to 0.1 ms. */
public final class Figures {
  /** The unit of CPU cost: CPU milliseconds of a process per 1,000 jobs. */
  public static final String CPU_MS_PER_1K = "CPU-ms/1k jobs";

  private Figures() {}

  /** {@code value} in {@code unit}: {@code jobs/s} and {@code MiB} whole, {@code ms} and CPU cost with decimals. */
  public static String format(double value, String unit) {
    return switch (unit) {
      case "ms" -> String.format(Locale.ROOT, value < 10 ? "%,.2f" : "%,.1f", value);
      case "×" -> String.format(Locale.ROOT, "%.2f", value);
      case CPU_MS_PER_1K -> String.format(Locale.ROOT, "%,.1f", value);
      default -> String.format(Locale.ROOT, "%,.0f", value);
    };
  }

  /** {@code median unit (min–max)}, the way every cell of the report's table reads. */
  public static String cell(Summary s, String unit) {
    return format(s.median(), unit) + " " + unit + " (" + format(s.min(), unit) + "–" + format(s.max(), unit) + ")";
  }
}
