package dev.jobpipe.dlq.internal;

import dev.jobpipe.dlq.RateLimit;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Paces sends at a {@link RateLimit} with a Bucket4j token bucket of capacity one: the sends are
 * spaced evenly (a replay paced at 50/s sends one record every 20 ms), and a caller that falls
 * behind (a slow broker) gets one send at once, never a catch-up burst. Time and sleeping come
 * from the given clock and sleeper, so tests run without waiting. Not thread-safe.
 */
public final class RateLimiter {

  private final Bucket bucket;
  private final BlockingStrategy sleep;

  public RateLimiter(RateLimit limit, Clock clock, Sleeper sleeper) {
    if (limit.unlimited()) {
      this.bucket = null;
      this.sleep = null;
      return;
    }
    Duration interval = Duration.ofNanos(Math.max(1, Math.round(1e9 / limit.perSecond())));
    this.bucket = Bucket.builder()
        .addLimit(l -> l.capacity(1).refillGreedy(1, interval))
        .withCustomTimePrecision(new ClockTime(clock))
        .build();
    this.sleep = nanos -> sleeper.sleep(Duration.ofNanos(nanos));
  }

  /** Blocks until the next send is allowed. */
  public void acquire() throws InterruptedException {
    if (bucket != null) {
      bucket.asBlocking().consume(1, sleep);
    }
  }

  /** The bucket's time is the clock's, in nanoseconds since the epoch. */
  private record ClockTime(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }
}
