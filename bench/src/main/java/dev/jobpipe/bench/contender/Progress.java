package dev.jobpipe.bench.contender;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What a consuming contender has done: when it saw its first record, how many records it has
 * completed, and when it completed the last expected one. Every contender reports through the same
 * object, so each is timed the same way: from the first record handed to its processing to the
 * completion of the last.
 */
public final class Progress {
  /** The run is cut into this many equal shares of records, each timed, to show where a slow run lost time. */
  public static final int SHARES = 10;

  private final long expected;
  private final Supplier<RuntimeCounters> counters;
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong firstNanos = new AtomicLong();
  private final CountDownLatch done = new CountDownLatch(1);
  /** When the completions reached each tenth of the expected count. */
  private final AtomicLongArray shareNanos = new AtomicLongArray(SHARES);
  private volatile long lastNanos;
  private volatile RuntimeCounters atFirst;
  private volatile RuntimeCounters atLast;

  /** Progress towards {@code expected} records, without CPU accounting. */
  public Progress(long expected) {
    this(expected, () -> -1);
  }

  /**
   * Progress towards {@code expected} records; {@code cpuNanos} (the process's CPU time so far, or
   * -1) is read at the first record and at the last completion, so CPU per record can be reported.
   */
  public Progress(long expected, LongSupplier cpuNanos) {
    this(expected, (Supplier<RuntimeCounters>) () -> RuntimeCounters.cpuOnly(cpuNanos.getAsLong()));
  }

  /**
   * Progress towards {@code expected} records; {@code counters} are read at the first record and at
   * the last completion, so CPU per record, collections and compilation within the run can be reported.
   */
  public static Progress counting(long expected, Supplier<RuntimeCounters> counters) {
    return new Progress(expected, counters);
  }

  private Progress(long expected, Supplier<RuntimeCounters> counters) {
    if (expected < 1) {
      throw new IllegalArgumentException("expected records must be at least 1, got " + expected);
    }
    this.expected = expected;
    this.counters = counters;
  }

  /** Marks a record handed to processing; only the first call counts. */
  public void started() {
    if (firstNanos.get() == 0 && firstNanos.compareAndSet(0, System.nanoTime())) {
      atFirst = counters.get();
    }
  }

  /** Marks {@code n} records completed; the call that reaches the expected count stops the clock. */
  public void completed(int n) {
    long now = completed.addAndGet(n);
    long before = now - n;
    if (before < expected) {
      // the shares this call completed (usually none): at most SHARES time stamps per run
      int from = (int) (before * SHARES / expected);
      int to = (int) (Math.min(now, expected) * SHARES / expected);
      for (int share = from; share < to; share++) {
        shareNanos.compareAndSet(share, 0, System.nanoTime());
      }
    }
    if (now >= expected && before < expected) {
      lastNanos = System.nanoTime();
      atLast = counters.get();
      done.countDown();
    }
  }

  /**
   * Milliseconds each tenth of the records took to complete, from the first record on (the first
   * tenth includes the time to the first completion); empty until every record is completed.
   */
  public List<Long> shareMillis() {
    long first = firstNanos.get();
    if (done.getCount() != 0 || first == 0) {
      return List.of();
    }
    List<Long> millis = new ArrayList<>(SHARES);
    long previous = first;
    for (int i = 0; i < SHARES; i++) {
      long at = shareNanos.get(i);
      millis.add(Math.max(0, (at - previous) / 1_000_000));
      previous = at;
    }
    return millis;
  }

  /** Collections and compilation from the first record to the last completion; null if not done. */
  public RuntimeCounters spent() {
    RuntimeCounters first = atFirst;
    RuntimeCounters last = atLast;
    return first == null || last == null ? null : last.since(first);
  }

  /** {@link System#nanoTime()} of the first record, 0 before it. */
  public long firstNanos() {
    return firstNanos.get();
  }

  /** Waits until every expected record is completed; false on timeout. */
  public boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  public long completedCount() {
    return completed.get();
  }

  public long expected() {
    return expected;
  }

  /** CPU time the process spent from the first record to the last completion; -1 if unknown or not done. */
  public long cpuNanos() {
    RuntimeCounters spent = spent();
    return spent == null ? -1 : spent.cpuNanos();
  }

  /** Nanoseconds from the first record to the last completion (to now, if not done yet); 0 before any record. */
  public long elapsedNanos() {
    long first = firstNanos.get();
    if (first == 0) {
      return 0;
    }
    long last = done.getCount() == 0 ? lastNanos : System.nanoTime();
    return last - first;
  }
}
