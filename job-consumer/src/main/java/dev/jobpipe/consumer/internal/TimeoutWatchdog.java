package dev.jobpipe.consumer.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the job timeout. Handler calls register while they run; one platform thread sleeps until
 * the earliest deadline among them (every call has the same timeout, so a call registered later never
 * has an earlier one), claims every call over time, and sleeps again; with nothing running it sleeps
 * until a call registers. No timer is scheduled per job and nothing polls. A claimed call's thread is interrupted and counted as abandoned until
 * it returns; the claim itself ({@link JobEntry#timeOut()}) guarantees the handler's own return path
 * and the timeout never both decide the outcome.
 */
final class TimeoutWatchdog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TimeoutWatchdog.class);

  /** When the thread sleeps with no deadline to wait for. */
  private static final long IDLE = Long.MAX_VALUE;

  private final long timeoutMillis;
  private final Clock clock;
  private final Consumer<JobEntry> onTimeout;
  private final Set<JobEntry> running = ConcurrentHashMap.newKeySet();
  private final AtomicInteger abandoned = new AtomicInteger();
  private final Thread thread;
  private volatile boolean closed;
  /** The clock time the thread wakes at; {@link #IDLE} while it waits for a first call. */
  private volatile long wakeAtMillis = IDLE;

  TimeoutWatchdog(String name, Duration timeout, Clock clock, Consumer<JobEntry> onTimeout) {
    this.timeoutMillis = timeout.toMillis();
    this.clock = clock;
    this.onTimeout = onTimeout;
    this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  void register(JobEntry entry) {
    running.add(entry);
    if (wakeAtMillis == IDLE) {
      LockSupport.unpark(thread);
    }
  }

  void unregister(JobEntry entry) {
    running.remove(entry);
  }

  /** A handler that was timed out has finally returned. */
  void abandonedReturned() {
    abandoned.decrementAndGet();
  }

  /** The watchdog thread's state, for tests: {@code WAITING} when idle, {@code TIMED_WAITING} before a deadline. */
  Thread.State threadState() {
    return thread.getState();
  }

  /** Handler threads that timed out and have not returned yet. */
  int abandoned() {
    return abandoned.get();
  }

  private void run() {
    while (!closed) {
      try {
        long next = scan(clock.millis());
        wakeAtMillis = next;
        // a call registered after the scan but before wakeAtMillis was set would not unpark us
        if (next == IDLE && !running.isEmpty()) {
          continue;
        }
        if (next == IDLE) {
          LockSupport.park(this);
        } else {
          LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(Math.max(1, next - clock.millis())));
        }
      } catch (RuntimeException e) {
        log.error("job timeout scan failed; continuing", e);
        LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
      }
    }
  }

  /**
   * Claims every call running longer than the timeout at {@code nowMillis}; returns the clock time at
   * which the next remaining call times out, or {@link #IDLE} when none runs.
   */
  long scan(long nowMillis) {
    long next = IDLE;
    for (JobEntry entry : running) {
      long deadline = entry.handlerStartMillis() + timeoutMillis;
      if (nowMillis < deadline) {
        next = Math.min(next, deadline);
        continue;
      }
      // over time: ours to claim, unless the handler returned first (its unregister is on the way)
      running.remove(entry);
      if (entry.timeOut()) {
        abandoned.incrementAndGet();
        Thread handler = entry.handlerThread();
        if (handler != null) {
          handler.interrupt();
        }
        onTimeout.accept(entry);
      }
    }
    return next;
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }
}
