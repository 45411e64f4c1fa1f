package dev.jobpipe.dlq.internal;

import dev.jobpipe.dlq.RateLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces sends evenly at a {@link RateLimit}: the n-th permit is granted no earlier than
 * {@code start + n / rate}. No burst allowance: a replay paced at 50/s sends one record every
 * 20 ms. When the caller falls behind (a slow broker) the schedule restarts from now instead of
 * catching up in a burst. Not thread-safe.
 */
public final class RateLimiter {

  private final Duration interval;
  private final Clock clock;
  private final Sleeper sleeper;
  private Instant next;

  public RateLimiter(RateLimit limit, Clock clock, Sleeper sleeper) {
    this.interval = limit.unlimited() ? Duration.ZERO : Duration.ofNanos(Math.max(1, Math.round(1e9 / limit.perSecond())));
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Blocks until the next send is allowed. */
  public void acquire() throws InterruptedException {
    if (interval.isZero()) {
      return;
    }
    Instant now = clock.instant();
    if (next == null || next.isBefore(now)) {
      next = now;
    }
    Duration wait = Duration.between(now, next);
    if (!wait.isZero() && !wait.isNegative()) {
      sleeper.sleep(wait);
    }
    next = next.plus(interval);
  }
}
