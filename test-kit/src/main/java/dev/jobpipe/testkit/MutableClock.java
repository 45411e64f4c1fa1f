package dev.jobpipe.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that tests move by hand, so time-based decisions (backoff, due times, progress lines, id
 * timestamps) are checked without sleeping. Thread-safe: a test thread may move it while the code
 * under test reads it.
 */
public class MutableClock extends Clock {
  /** Where a clock made with {@link #MutableClock()} starts. */
  public static final Instant DEFAULT_START = Instant.parse("2024-05-01T00:00:00Z");

  private volatile Instant now;

  public MutableClock() {
    this(DEFAULT_START);
  }

  public MutableClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward (or back, for a negative duration). */
  public synchronized void advance(Duration by) {
    now = now.plus(by);
  }

  /** Moves the clock by whole milliseconds. */
  public void advanceMillis(long millis) {
    advance(Duration.ofMillis(millis));
  }

  public void set(Instant value) {
    now = value;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public long millis() {
    return now.toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** Zones do not matter to the code under test; the same moving clock is returned. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
