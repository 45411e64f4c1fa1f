package dev.jobpipe.dlq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a DLQ holds at a glance: how many letters, split by reason and by error class, the oldest
 * and newest failure, and how many arrived in the last hour (the rate an alert would watch).
 *
 * @param total letters counted, one per origin and attempt (see {@link LetterCopies})
 * @param byReason count per jobpipe reason, {@link #UNKNOWN} for letters without one; largest first
 * @param byErrorClass count per error class, {@link #UNKNOWN} for letters without one; largest first
 * @param oldest the earliest failure time; null when empty
 * @param newest the latest failure time; null when empty
 * @param lastHour letters that failed in the hour before {@code asOf}
 * @param asOf when the statistics were taken
 * @param hiddenCopies further copies of counted letters (a worker that crashed before committing
 *     past a job it had dead-lettered writes its letter again); not in any other count
 */
public record DlqStats(
    long total,
    Map<String, Long> byReason,
    Map<String, Long> byErrorClass,
    Instant oldest,
    Instant newest,
    long lastHour,
    Instant asOf,
    long hiddenCopies) {

  /** Key for letters whose headers do not tell a reason or an error class. */
  public static final String UNKNOWN = "(unknown)";

  public static final Duration RATE_WINDOW = Duration.ofHours(1);

  public DlqStats {
    byReason = Map.copyOf(byReason);
    byErrorClass = Map.copyOf(byErrorClass);
  }

  /** Letters per minute over the last hour. */
  public double perMinuteLastHour() {
    return lastHour / (double) RATE_WINDOW.toMinutes();
  }

  /** {@code byReason} largest first, ties by name. */
  public Map<String, Long> byReasonSorted() {
    return sorted(byReason);
  }

  /** {@code byErrorClass} largest first, ties by name. */
  public Map<String, Long> byErrorClassSorted() {
    return sorted(byErrorClass);
  }

  private static Map<String, Long> sorted(Map<String, Long> counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Counts letters one at a time, so a DLQ of any size is summarised in constant memory per class. */
  public static final class Builder {
    private final Instant asOf;
    private final Instant hourAgo;
    private final Map<String, Long> byReason = new HashMap<>();
    private final Map<String, Long> byErrorClass = new HashMap<>();
    private final LetterCopies copies = new LetterCopies();
    private long total;
    private long lastHour;
    private Instant oldest;
    private Instant newest;

    public Builder(Clock clock) {
      this.asOf = clock.instant();
      this.hourAgo = asOf.minus(RATE_WINDOW);
    }

    /** Counts {@code letter} unless it is a copy of one already counted; feed letters in DLQ order. */
    public Builder add(DeadLetter letter) {
      if (!copies.first(letter)) {
        return this;
      }
      total++;
      byReason.merge(letter.reason() == null ? UNKNOWN : letter.reason().name(), 1L, Long::sum);
      byErrorClass.merge(letter.errorClass() == null ? UNKNOWN : letter.errorClass(), 1L, Long::sum);
      Instant t = letter.failedAt();
      if (oldest == null || t.isBefore(oldest)) {
        oldest = t;
      }
      if (newest == null || t.isAfter(newest)) {
        newest = t;
      }
      if (!t.isBefore(hourAgo) && !t.isAfter(asOf)) {
        lastHour++;
      }
      return this;
    }

    public DlqStats build() {
      return new DlqStats(total, byReason, byErrorClass, oldest, newest, lastHour, asOf, copies.hidden());
    }
  }

  /** Statistics of every letter in {@code reader}'s DLQ. */
  public static DlqStats of(DeadLetterReader reader, Clock clock) {
    Builder b = new Builder(clock);
    reader.scan(DeadLetterFilter.all(), b::add);
    return b.build();
  }
}
