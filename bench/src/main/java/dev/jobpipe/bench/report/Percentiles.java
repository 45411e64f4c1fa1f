package dev.jobpipe.bench.report;

import java.util.Arrays;

/**
 * Exact percentiles of a set of samples (nearest-rank: the smallest sample with at least {@code p}
 * of all samples at or below it), so a p99.9 of 10,000 samples is the 10th highest, not an
 * interpolation between buckets.
 */
public final class Percentiles {
  private final long[] sorted;

  private Percentiles(long[] sorted) {
    this.sorted = sorted;
  }

  /** Percentiles of the first {@code count} values of {@code samples} (copied, not modified). */
  public static Percentiles of(long[] samples, int count) {
    if (count < 1 || count > samples.length) {
      throw new IllegalArgumentException("need between 1 and " + samples.length + " samples, got " + count);
    }
    long[] copy = Arrays.copyOf(samples, count);
    Arrays.sort(copy);
    return new Percentiles(copy);
  }

  /** The {@code fraction} percentile, {@code fraction} in (0, 1], e.g. 0.99 for p99. */
  public long at(double fraction) {
    if (!(fraction > 0.0 && fraction <= 1.0)) {
      throw new IllegalArgumentException("percentile fraction must be in (0, 1], got " + fraction);
    }
    int rank = (int) Math.ceil(fraction * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  public long min() {
    return sorted[0];
  }

  public long max() {
    return sorted[sorted.length - 1];
  }

  public int count() {
    return sorted.length;
  }
}
