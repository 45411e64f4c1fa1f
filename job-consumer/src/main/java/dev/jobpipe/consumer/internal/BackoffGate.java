package dev.jobpipe.consumer.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Exponential backoff shared by every thread that depends on one outside service (the schema
 * registry, or the broker accepting failure handoffs). Failures close the gate for a growing pause;
 * threads that must retry wait for it to open, and the poll thread stops fetching while anyone waits
 * or the pause lasts, so an outage costs one retry per pause instead of a flood. The first success
 * resets it.
 *
 * <p>Many threads usually fail at once during one outage; only a failure after the current pause
 * has ended doubles it, so the pause grows per retry round, not per thread. The success path, taken
 * by every job, is a single volatile read.
 */
final class BackoffGate {

  /**
   * The longest a waiter sleeps without re-checking its give-up condition. Waiters are woken when
   * the gate opens early ({@link #recordSuccess}) and by {@link #wakeWaiters} when a partition is
   * revoked or the worker stops; this bound only covers a give-up nobody announced.
   */
  private static final Duration MAX_UNANNOUNCED_WAIT = Duration.ofSeconds(1);

  private final String name;
  private final long initialMillis;
  private final long maxMillis;
  private final Clock clock;
  private final long maxUnannouncedWaitMillis;
  private final AtomicInteger waiters = new AtomicInteger();

  private volatile boolean down;
  private volatile long openAtMillis;
  private long backoffMillis;
  private Throwable lastFailure;

  BackoffGate(String name, Duration initial, Duration max, Clock clock) {
    this(name, initial, max, clock, MAX_UNANNOUNCED_WAIT);
  }

  BackoffGate(String name, Duration initial, Duration max, Clock clock, Duration maxUnannouncedWait) {
    this.name = name;
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.clock = clock;
    this.maxUnannouncedWaitMillis = maxUnannouncedWait.toMillis();
  }

  /**
   * Records a failure. Returns true when it starts a new pause (the first failure, or one after the
   * last pause ended): the moment worth a log line, unlike the many threads failing alongside.
   */
  synchronized boolean recordFailure(Throwable failure) {
    long now = clock.millis();
    lastFailure = failure;
    down = true;
    if (now >= openAtMillis) {
      backoffMillis = backoffMillis == 0 ? initialMillis : Math.min(maxMillis, backoffMillis * 2);
      openAtMillis = now + backoffMillis;
      return true;
    }
    return false;
  }

  /** The current pause, in milliseconds; 0 when up. */
  synchronized long pauseMillis() {
    return backoffMillis;
  }

  /** Records a success: the service is back, and threads waiting for the pause go at once. True when this ended an outage. */
  boolean recordSuccess() {
    if (!down) {
      return false;
    }
    synchronized (this) {
      boolean wasDown = down;
      down = false;
      backoffMillis = 0;
      openAtMillis = 0;
      lastFailure = null;
      notifyAll();
      return wasDown;
    }
  }

  /** Makes every waiting thread re-check its give-up condition now (a partition was revoked, the worker stops). */
  synchronized void wakeWaiters() {
    notifyAll();
  }

  /** Whether the last outcome was a failure. */
  boolean down() {
    return down;
  }

  synchronized Throwable lastFailure() {
    return lastFailure;
  }

  /** Whether new work should wait: the pause lasts, or some thread waits to retry. */
  boolean blocksFetching() {
    return down && (waiters.get() > 0 || clock.millis() < openAtMillis);
  }

  /**
   * Waits until the pause is over or the service is back. Returns false, early, when {@code giveUp}
   * turns true (the worker stops or the partition is revoked: announced by {@link #wakeWaiters}) or
   * the thread is interrupted.
   */
  boolean awaitOpen(BooleanSupplier giveUp) {
    waiters.incrementAndGet();
    try {
      synchronized (this) {
        while (true) {
          if (giveUp.getAsBoolean()) {
            return false;
          }
          long wait = openAtMillis - clock.millis();
          if (wait <= 0) {
            return true;
          }
          wait(Math.min(wait, maxUnannouncedWaitMillis));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      waiters.decrementAndGet();
    }
  }

  @Override
  public String toString() {
    return name + (down ? "[down, pause " + backoffMillis + " ms]" : "[up]");
  }
}
