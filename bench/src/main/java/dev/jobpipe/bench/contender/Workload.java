package dev.jobpipe.bench.contender;

import java.util.concurrent.atomic.LongAdder;

/**
 * What each job does once a contender hands it over: nothing, or a 5 ms blocking call (I/O).
 *
 * <p>A 5 ms sleep takes longer than 5 ms (timer slack, and on a busy machine the wait for a core
 * to run on again), and the rate that a given concurrency allows is concurrency ÷ the real
 * duration, not ÷ 5 ms. So the sleeps are timed: {@link #meanWorkNanos()} is the mean real
 * duration since {@link #resetTimings()}, measured inside the contender's own jobs under its load.
 */
public enum Workload {
  /** Returns at once: measures the consumer's own overhead per job. */
  NOOP,
  /** Sleeps 5 ms: stands for a call to a database or HTTP service, so concurrency decides the rate. */
  SLEEP_5MS;

  static final long SLEEP_MILLIS = 5;
  /** One child JVM runs one contender, so process-wide sums are that contender's. */
  private static final LongAdder WORK_NANOS = new LongAdder();
  private static final LongAdder WORKS = new LongAdder();

  /** Runs one job's work on the calling thread. */
  public void run() throws InterruptedException {
    if (this == SLEEP_5MS) {
      long start = System.nanoTime();
      Thread.sleep(SLEEP_MILLIS);
      WORK_NANOS.add(System.nanoTime() - start);
      WORKS.increment();
    }
  }

  /** Forgets the timings so far (those of the warm-up). */
  static void resetTimings() {
    WORK_NANOS.reset();
    WORKS.reset();
  }

  /** Mean real duration of the timed work since the last reset, in nanoseconds; -1 when none was timed. */
  static double meanWorkNanos() {
    long n = WORKS.sum();
    return n == 0 ? -1 : (double) WORK_NANOS.sum() / n;
  }
}
