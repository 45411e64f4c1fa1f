package dev.jobpipe.consumer.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs submitted tasks on virtual threads that take task after task from one FIFO queue and end
 * when it is empty. Starting a virtual thread per record costs a thread and a hand-off to the
 * scheduler for each one; here a runner that finishes a task takes the next without either, and a
 * new runner starts only while the backlog is longer than the runners that are between tasks (up
 * to a maximum): a runner inside a slow job cannot take the next one soon, so slow jobs still get a
 * runner each, while a burst of short ones is drained by the runners already going.
 *
 * <p>Tasks start in submission order, never twice, and none is stranded: a runner
 * that leaves re-checks the queue after it has stopped counting itself, so a task queued while a
 * submitter saw it as still running is picked up by it or by a new runner.
 *
 * <p>The counters, and the invariant between them: {@code running} counts the runners that will
 * take another task (at most {@code maxRunners}); {@code busy} counts the runners inside a task,
 * abandoned ones included until they return; {@code queued} the tasks not yet taken. A runner is
 * counted in {@code running} before it is started and before it becomes busy, and an abandoned
 * runner stops counting in {@code running} while still busy, so at every moment
 * {@code 0 <= busy <= running + abandoned-and-still-inside <= maxRunners + abandoned-and-still-inside}
 * and, without abandonments, {@code busy <= running <= maxRunners}. {@code running - busy} is
 * therefore the runners between tasks, which is what {@link #submit} compares the backlog with.
 */
final class RunnerPool {

  private final ThreadFactory threads;
  private final int maxRunners;
  private final ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  /** Runners inside a task; the others are about to take the next task from the queue. */
  private final AtomicInteger busy = new AtomicInteger();

  RunnerPool(ThreadFactory threads, int maxRunners) {
    if (maxRunners < 1) {
      throw new IllegalArgumentException("maxRunners must be at least 1, got " + maxRunners);
    }
    this.threads = threads;
    this.maxRunners = maxRunners;
  }

  /** A unit of work; returns false when its thread was given up and must leave (see {@link #abandoned}). */
  @FunctionalInterface
  interface Task {
    boolean run();
  }

  /** Queues {@code task}; starts a runner if the backlog outgrew the runners. */
  void submit(Task task) {
    queue.offer(task);
    int backlog = queued.incrementAndGet();
    while (true) {
      int n = running.get();
      if (n >= maxRunners || backlog <= n - busy.get()) {
        return;
      }
      if (running.compareAndSet(n, n + 1)) {
        threads.newThread(this::run).start();
        return;
      }
    }
  }

  /**
   * A runner is stuck in a call that timed out: it stops counting now, so a handler that ignores
   * interrupts cannot use up the pool, and its task returns false whenever it does come back.
   */
  void abandoned() {
    running.decrementAndGet();
  }

  /** Runners counted now. */
  int runners() {
    return running.get();
  }

  /** Runners inside a task now, abandoned ones included. */
  int busy() {
    return busy.get();
  }

  /** Tasks submitted and not yet taken. */
  int queued() {
    return queued.get();
  }

  private void run() {
    while (true) {
      Task task;
      while ((task = queue.poll()) != null) {
        queued.decrementAndGet();
        busy.incrementAndGet();
        boolean stays;
        try {
          stays = task.run();
        } finally {
          busy.decrementAndGet();
        }
        if (!stays) {
          return; // given up by abandoned(): no longer counted
        }
      }
      running.decrementAndGet();
      // A task offered after the poll above whose submitter still counted this runner: take it back.
      if (queue.isEmpty() || !rejoin()) {
        return;
      }
    }
  }

  private boolean rejoin() {
    while (true) {
      int n = running.get();
      if (n >= maxRunners) {
        return false; // the others are running and check the queue before they leave
      }
      if (running.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }
}
