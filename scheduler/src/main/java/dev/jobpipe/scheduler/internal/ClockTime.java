package dev.jobpipe.scheduler.internal;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * Kafka's {@link Time} on a {@link Clock}: the wall-clock time of the scheduler's Kafka Streams
 * instance (punctuations, due and fire times) read from the clock, elapsed nanoseconds and sleeps
 * from the system. The clock must move forward with real time: the stream thread's intervals
 * (commit, poll, punctuation) are measured with it.
 */
public final class ClockTime implements Time {

  private final Clock clock;

  public ClockTime(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public long milliseconds() {
    return clock.millis();
  }

  @Override
  public long nanoseconds() {
    return System.nanoTime();
  }

  @Override
  public void sleep(long ms) {
    Utils.sleep(ms);
  }

  @Override
  public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) throws InterruptedException {
    synchronized (obj) {
      while (!condition.get()) {
        long left = deadlineMs - milliseconds();
        if (left <= 0) {
          throw new TimeoutException("condition not met before the deadline");
        }
        obj.wait(left);
      }
    }
  }
}
