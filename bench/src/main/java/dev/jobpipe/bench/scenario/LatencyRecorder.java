package dev.jobpipe.bench.scenario;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects publish-to-handler latencies of the records sent inside the measured window (records
 * of the warm-up before it are counted as arrivals but not sampled). Thread-safe; samples beyond
 * the capacity are counted and dropped.
 */
final class LatencyRecorder {
  private final long[] samples;
  private final AtomicInteger sampled = new AtomicInteger();
  private final AtomicLong arrivals = new AtomicLong();
  private volatile long windowStart = Long.MAX_VALUE;

  LatencyRecorder(int capacity) {
    this.samples = new long[capacity];
  }

  /** Records sent at or after {@code nanos} ({@link System#nanoTime()}) are sampled from now on. */
  void openWindowAt(long nanos) {
    windowStart = nanos;
  }

  boolean inWindow(long sentNanos) {
    return sentNanos >= windowStart;
  }

  /** A record sent at {@code sentNanos} reached its handler now. */
  void arrived(long sentNanos) {
    long latency = System.nanoTime() - sentNanos;
    arrivals.incrementAndGet();
    if (sentNanos >= windowStart) {
      int i = sampled.getAndIncrement();
      if (i < samples.length) {
        samples[i] = latency;
      }
    }
  }

  long arrivals() {
    return arrivals.get();
  }

  int sampled() {
    return Math.min(sampled.get(), samples.length);
  }

  long[] samples() {
    return samples;
  }
}
