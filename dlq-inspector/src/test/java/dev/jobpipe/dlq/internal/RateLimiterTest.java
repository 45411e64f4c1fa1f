package dev.jobpipe.dlq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.dlq.FakeTime;
import dev.jobpipe.dlq.RateLimit;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void spacesPermitsEvenly() throws InterruptedException {
    FakeTime time = new FakeTime();
    Instant start = time.instant();
    RateLimiter limiter = new RateLimiter(new RateLimit(10), time, time);
    for (int i = 0; i < 11; i++) {
      limiter.acquire();
    }
    assertThat(Duration.between(start, time.instant())).isEqualTo(Duration.ofSeconds(1));
    assertThat(time.sleeps).hasSize(10).allMatch(d -> d.equals(Duration.ofMillis(100)));
  }

  @Test
  void workBetweenPermitsCountsTowardsTheInterval() throws InterruptedException {
    FakeTime time = new FakeTime();
    RateLimiter limiter = new RateLimiter(new RateLimit(10), time, time);
    limiter.acquire();
    time.advanceMillis(60);
    limiter.acquire();
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(40));
  }

  @Test
  void fallingBehindDoesNotBurst() throws InterruptedException {
    FakeTime time = new FakeTime();
    RateLimiter limiter = new RateLimiter(new RateLimit(10), time, time);
    limiter.acquire();
    time.advance(Duration.ofSeconds(5));
    limiter.acquire();
    limiter.acquire();
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void unlimitedNeverSleeps() throws InterruptedException {
    FakeTime time = new FakeTime();
    RateLimiter limiter = new RateLimiter(RateLimit.UNLIMITED, time, time);
    for (int i = 0; i < 1000; i++) {
      limiter.acquire();
    }
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void fractionalRates() throws InterruptedException {
    FakeTime time = new FakeTime();
    RateLimiter limiter = new RateLimiter(RateLimit.parse("30/m"), time, time);
    limiter.acquire();
    limiter.acquire();
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2));
  }
}
