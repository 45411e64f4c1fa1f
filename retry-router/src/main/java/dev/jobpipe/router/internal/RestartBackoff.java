package dev.jobpipe.router.internal;

import java.time.Duration;

/**
 * Delay before restarting a router part after a transient failure: doubles from {@link #FIRST} up
 * to {@link #MAX}, and starts again from {@link #FIRST} once the part has run for {@link #STABLE}.
 * The cap bounds how long after a broker's return the router waits before it tries again, so a
 * restart lands well within 30 s of the return even after a 10-minute outage.
 */
public final class RestartBackoff {

  public static final Duration FIRST = Duration.ofSeconds(1);
  public static final Duration MAX = Duration.ofSeconds(8);
  public static final Duration STABLE = Duration.ofSeconds(30);

  private long nextMillis = FIRST.toMillis();
  private long startedAt = Long.MIN_VALUE;

  /** The part (re)started at {@code nowMillis}. */
  public synchronized void started(long nowMillis) {
    startedAt = nowMillis;
  }

  /** The delay before the next restart of a part that failed at {@code nowMillis}. */
  public synchronized Duration next(long nowMillis) {
    if (startedAt != Long.MIN_VALUE && nowMillis - startedAt >= STABLE.toMillis()) {
      nextMillis = FIRST.toMillis();
    }
    long delay = nextMillis;
    nextMillis = Math.min(MAX.toMillis(), nextMillis * 2);
    return Duration.ofMillis(delay);
  }
}
