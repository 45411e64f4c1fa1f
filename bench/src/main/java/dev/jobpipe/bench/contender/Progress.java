package dev.jobpipe.bench.contender;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What a consuming contender has done: when it saw its first record, how many records it has
 * completed, and when it completed the last expected one. Every contender reports through the same
 * object, so each is timed the same way: from the first record handed to its processing to the
 * completion of the last.
 */
public final class Progress {
  private final long expected;
  private final LongSupplier cpuNanos;
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong firstNanos = new AtomicLong();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile long lastNanos;
  private volatile long firstCpuNanos = -1;
  private volatile long lastCpuNanos = -1;

  /** Progress towards {@code expected} records, without CPU accounting. */
  public Progress(long expected) {
    this(expected, () -> -1);
  }

  /**
   * Progress towards {@code expected} records; {@code cpuNanos} (the process's CPU time so far, or
   * -1) is read at the first record and at the last completion, so CPU per record can be reported.
   */
  public Progress(long expected, LongSupplier cpuNanos) {
    if (expected < 1) {
      throw new IllegalArgumentException("expected records must be at least 1, got " + expected);
    }
    this.expected = expected;
    this.cpuNanos = cpuNanos;
  }

  /** Marks a record handed to processing; only the first call counts. */
  public void started() {
    if (firstNanos.get() == 0 && firstNanos.compareAndSet(0, System.nanoTime())) {
      firstCpuNanos = cpuNanos.getAsLong();
    }
  }

  /** Marks {@code n} records completed; the call that reaches the expected count stops the clock. */
  public void completed(int n) {
    long now = completed.addAndGet(n);
    if (now >= expected && now - n < expected) {
      lastNanos = System.nanoTime();
      lastCpuNanos = cpuNanos.getAsLong();
      done.countDown();
    }
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
    long first = firstCpuNanos;
    long last = lastCpuNanos;
    return first < 0 || last < 0 ? -1 : last - first;
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
