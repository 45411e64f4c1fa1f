package dev.jobpipe.scheduler;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs at real speed from a chosen date and that a test moves forward in jumps: what
 * a scheduler's Kafka Streams instance needs to reach a date such as a DST transition, since its
 * commit and poll intervals keep working only on a clock that moves (unlike a frozen
 * {@link dev.jobpipe.testkit.MutableClock}) and its wall-clock punctuations stall on one that goes back.
 */
final class ShiftedClock extends Clock {

  private volatile long offsetMillis;

  ShiftedClock(Instant start) {
    this.offsetMillis = start.toEpochMilli() - System.currentTimeMillis();
  }

  /** Jumps to {@code t}, from where the clock runs on; only forward. */
  synchronized void jumpTo(Instant t) {
    long offset = t.toEpochMilli() - System.currentTimeMillis();
    if (offset < offsetMillis) {
      throw new IllegalArgumentException("the clock only jumps forward: " + t + " is before " + instant());
    }
    offsetMillis = offset;
  }

  @Override
  public long millis() {
    return System.currentTimeMillis() + offsetMillis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
