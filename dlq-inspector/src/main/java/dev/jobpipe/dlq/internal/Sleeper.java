package dev.jobpipe.dlq.internal;

import java.time.Duration;

/** Waits; injected with a {@link java.time.Clock} so rate limiting is tested without sleeping. */
@FunctionalInterface
public interface Sleeper {

  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));

  void sleep(Duration duration) throws InterruptedException;
}
