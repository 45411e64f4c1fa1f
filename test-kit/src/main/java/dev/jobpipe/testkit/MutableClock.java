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

  private final boolean running;
  /** The time set last, and {@link System#nanoTime()} then: a running clock adds what elapsed since. */
  private volatile Setting setting;

  private record Setting(Instant at, long nanos) {}

  public MutableClock() {
    this(DEFAULT_START);
  }

  public MutableClock(Instant start) {
    this(start, false);
  }

  private MutableClock(Instant start, boolean running) {
    this.running = running;
    this.setting = new Setting(start, System.nanoTime());
  }

  /**
   * A clock that runs at real speed from {@code start} and that the test moves in jumps, for code
   * that measures its own intervals with the clock (e.g. Kafka Streams' commit and poll intervals):
   * it keeps working, at a date of the test's choosing (e.g. the night of a DST transition).
   */
  public static MutableClock running(Instant start) {
    return new MutableClock(start, true);
  }

  /** Moves the clock forward (or back, for a negative duration). */
  public synchronized void advance(Duration by) {
    set(instant().plus(by));
  }

  /** Moves the clock by whole milliseconds. */
  public void advanceMillis(long millis) {
    advance(Duration.ofMillis(millis));
  }

  public synchronized void set(Instant value) {
    setting = new Setting(value, System.nanoTime());
  }

  @Override
  public Instant instant() {
    Setting s = setting;
    return running ? s.at().plusNanos(System.nanoTime() - s.nanos()) : s.at();
  }

  @Override
  public long millis() {
    return instant().toEpochMilli();
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
