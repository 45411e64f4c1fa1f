package dev.jobpipe.consumer.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sequence of entries that must run one after another (one record key, or one partition), as a
 * lock-free mailbox: the poll thread appends, and whoever raises the pending count from zero starts
 * the one runner that drains it. A runner takes the next entry only after the previous one is
 * finished, which is the whole ordering guarantee; different lanes never wait for each other.
 */
final class Lane {

  private final ConcurrentLinkedQueue<JobEntry> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();

  /** Appends {@code entry}; true when the lane was idle and the caller must start a runner. */
  boolean enqueue(JobEntry entry) {
    queue.offer(entry);
    return pending.getAndIncrement() == 0;
  }

  /** The next entry; only the lane's current runner calls this, and only while work is pending. */
  JobEntry next() {
    return queue.poll();
  }

  /** The runner finished one entry; true when more are pending and it must go on. */
  boolean finishOne() {
    return pending.decrementAndGet() > 0;
  }

  /**
   * No entry pending and no runner. Only the poll thread raises the count, so when it reads zero
   * here the lane stays idle until it appends again, and it may forget the lane.
   */
  boolean idle() {
    return pending.get() == 0;
  }
}
