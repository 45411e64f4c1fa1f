package dev.jobpipe.examples;

import dev.jobpipe.consumer.Job;
import java.util.function.Consumer;

/**
 * What the demo handlers share: a short simulated I/O pause, and a listener told of each success so
 * the demo can account for every job without trusting counters.
 */
final class DemoBehaviour {
  private static final Consumer<Job<?>> NO_LISTENER = job -> {};

  private DemoBehaviour() {}

  static Consumer<Job<?>> orNoListener(Consumer<Job<?>> listener) {
    return listener == null ? NO_LISTENER : listener;
  }

  /** Simulates a call to a remote service: 1–3 ms, interruptible so job timeouts work. */
  static void simulateIo(Job<?> job) throws InterruptedException {
    Thread.sleep(1 + Math.floorMod(job.id().hashCode(), 3));
  }
}
