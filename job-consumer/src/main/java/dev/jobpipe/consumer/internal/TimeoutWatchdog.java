package dev.jobpipe.consumer.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the job timeout. Handler calls register while they run; one platform thread scans them
 * every tick (a tenth of the timeout, between 10 ms and 1 s) and claims every call over time, so no
 * timer is scheduled per job. A claimed call's thread is interrupted and counted as abandoned until
 * it returns; the claim itself ({@link JobEntry#timeOut()}) guarantees the handler's own return path
 * and the timeout never both decide the outcome.
 */
final class TimeoutWatchdog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TimeoutWatchdog.class);

  private final long timeoutMillis;
  private final long tickMillis;
  private final Clock clock;
  private final Consumer<JobEntry> onTimeout;
  private final Set<JobEntry> running = ConcurrentHashMap.newKeySet();
  private final AtomicInteger abandoned = new AtomicInteger();
  private final Thread thread;
  private volatile boolean closed;

  TimeoutWatchdog(String name, Duration timeout, Clock clock, Consumer<JobEntry> onTimeout) {
    this.timeoutMillis = timeout.toMillis();
    this.tickMillis = Math.clamp(timeoutMillis / 10, 10, 1_000);
    this.clock = clock;
    this.onTimeout = onTimeout;
    this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  void register(JobEntry entry) {
    running.add(entry);
  }

  void unregister(JobEntry entry) {
    running.remove(entry);
  }

  /** A handler that was timed out has finally returned. */
  void abandonedReturned() {
    abandoned.decrementAndGet();
  }

  /** Handler threads that timed out and have not returned yet. */
  int abandoned() {
    return abandoned.get();
  }

  private void run() {
    while (!closed) {
      try {
        Thread.sleep(tickMillis);
        scan(clock.millis());
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.error("job timeout scan failed; continuing", e);
      }
    }
  }

  /** Claims every call running longer than the timeout at {@code nowMillis}. */
  void scan(long nowMillis) {
    for (JobEntry entry : running) {
      if (nowMillis - entry.handlerStartMillis() >= timeoutMillis && entry.timeOut()) {
        running.remove(entry);
        abandoned.incrementAndGet();
        Thread handler = entry.handlerThread();
        if (handler != null) {
          handler.interrupt();
        }
        onTimeout.accept(entry);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
