package dev.jobpipe.dlq;

import dev.jobpipe.dlq.internal.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when something sleeps on it, or when a test advances it. */
public final class FakeTime extends Clock implements Sleeper {
  public Instant now = Instant.parse("2024-05-01T00:00:00Z");
  public final List<Duration> sleeps = new ArrayList<>();

  @Override
  public void sleep(Duration d) {
    sleeps.add(d);
    now = now.plus(d);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
