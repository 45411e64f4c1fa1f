package dev.jobpipe.bench.scenario;

import java.util.List;
import java.util.Locale;

/**
 * Where one child's run spent its time, to find the cause when runs of one contender differ: the
 * wait from its start to the first record (group join, assignment, first fetch; not in the timed
 * span), collections and JIT compilation within the timed span, and how long each tenth of its
 * records took (an even run has ten similar shares; a slow start, a stall or a slow tail shows up as
 * one long share).
 *
 * @param firstRecordMillis from the contender's start to its first record
 * @param gcCount collections within the timed span
 * @param gcMillis accumulated collection time within it
 * @param jitMillis JIT compilation time within it, -1 if unknown
 * @param allocatedBytes bytes allocated within it, -1 if unknown
 * @param shareMillis the milliseconds of each tenth of the records
 */
public record RunSpread(long firstRecordMillis, long gcCount, long gcMillis, long jitMillis, long allocatedBytes,
    List<Long> shareMillis) {

  public RunSpread {
    shareMillis = List.copyOf(shareMillis);
  }

  /** Parses the {@code shareMillis} field, {@code 12,15,...}. */
  static List<Long> parseShares(String value) {
    return value.isEmpty() ? List.of() : java.util.Arrays.stream(value.split(",")).map(Long::parseLong).toList();
  }

  /** The slowest tenth ÷ the median tenth: 1 for an even run. */
  public double unevenness() {
    if (shareMillis.isEmpty()) {
      return 1;
    }
    List<Long> sorted = shareMillis.stream().sorted().toList();
    long median = Math.max(1, sorted.get(sorted.size() / 2));
    return (double) sorted.getLast() / median;
  }

  /** Bytes allocated per record completed, -1 if unknown. */
  public double bytesPerRecord(long records) {
    return allocatedBytes < 0 || records <= 0 ? -1 : (double) allocatedBytes / records;
  }

  /** "first record +1.4 s, GC 6 (41 ms), JIT 12 ms, 2,310 B/job, tenths 80–310 ms (slowest: tenth 3)". */
  public String describe(long records) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "first record +%.1f s, GC %d (%d ms), JIT %s",
        firstRecordMillis / 1000.0, gcCount, gcMillis, jitMillis < 0 ? "?" : jitMillis + " ms"));
    if (allocatedBytes >= 0) {
      s.append(String.format(Locale.ROOT, ", %,.0f B/job", bytesPerRecord(records)));
    }
    if (!shareMillis.isEmpty()) {
      int slowest = 0;
      for (int i = 1; i < shareMillis.size(); i++) {
        if (shareMillis.get(i) > shareMillis.get(slowest)) {
          slowest = i;
        }
      }
      s.append(String.format(Locale.ROOT, ", tenths %d–%d ms (slowest: tenth %d)",
          shareMillis.stream().mapToLong(Long::longValue).min().orElse(0), shareMillis.get(slowest), slowest + 1));
    }
    return s.toString();
  }
}
