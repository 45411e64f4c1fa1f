package dev.jobpipe.dlq;

import dev.jobpipe.dlq.internal.Sleeper;
import dev.jobpipe.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when something sleeps on it, or when a test advances it. */
public final class FakeTime extends MutableClock implements Sleeper {
  public final List<Duration> sleeps = new ArrayList<>();

  @Override
  public void sleep(Duration d) {
    sleeps.add(d);
    advance(d);
  }
}
