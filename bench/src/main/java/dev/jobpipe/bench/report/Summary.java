package dev.jobpipe.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One figure measured over repeated runs: the median is what the report compares, min and max
 * show how much the runs disagreed (on a shared machine, often a lot).
 *
 * @param median the middle run, or the mean of the two middle runs for an even count
 * @param min the lowest run
 * @param max the highest run
 * @param runs every run's figure, in run order
 */
public record Summary(double median, double min, double max, List<Double> runs) {

  public Summary {
    runs = List.copyOf(runs);
  }

  /** The summary of {@code runs}; at least one run is required. */
  public static Summary of(List<Double> runs) {
    if (runs == null || runs.isEmpty()) {
      throw new IllegalArgumentException("a summary needs at least one run");
    }
    for (Double run : runs) {
      if (run == null || run.isNaN()) {
        throw new IllegalArgumentException("every run needs a figure, got " + runs);
      }
    }
    List<Double> sorted = new ArrayList<>(runs);
    Collections.sort(sorted);
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    return new Summary(median, sorted.get(0), sorted.get(n - 1), runs);
  }
}
