package dev.jobpipe.bench.scenario;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends at a fixed rate, open-loop: the i-th send is due at {@code start + i / rate} regardless of
 * how long earlier sends took, so a slow system sees the load it is supposed to see instead of
 * being throttled by its own slowness (no coordinated omission). Checks every 0.2 ms.
 */
public final class Pacer {

  /** Sends one record; {@code index} counts from 0, {@code sentNanos} is {@link System#nanoTime()} just before. */
  @FunctionalInterface
  public interface Send {
    void send(long index, long sentNanos) throws Exception;
  }

  private Pacer() {}

  /** Sends at {@code perSecond} for {@code duration}; returns the number of records sent. */
  public static long run(double perSecond, Duration duration, Send send) throws Exception {
    return pace(perSecond, duration.toNanos(), Long.MAX_VALUE, send);
  }

  /** Sends exactly {@code count} records at {@code perSecond}. */
  public static void runCount(double perSecond, long count, Send send) throws Exception {
    pace(perSecond, Long.MAX_VALUE, count, send);
  }

  private static long pace(double perSecond, long totalNanos, long count, Send send) throws Exception {
    long start = System.nanoTime();
    long sent = 0;
    while (sent < count) {
      long elapsed = System.nanoTime() - start;
      if (elapsed >= totalNanos) {
        break;
      }
      long due = Math.min(count, dueBy(perSecond, elapsed));
      while (sent < due) {
        send.send(sent, System.nanoTime());
        sent++;
      }
      if (sent < count) {
        LockSupport.parkNanos(200_000);
      }
    }
    return sent;
  }

  /** How many sends are due {@code elapsedNanos} after the start at {@code perSecond}. */
  static long dueBy(double perSecond, long elapsedNanos) {
    return (long) Math.floor(elapsedNanos * perSecond / 1e9);
  }
}
