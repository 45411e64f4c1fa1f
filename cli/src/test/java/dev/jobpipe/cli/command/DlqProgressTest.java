package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DlqProgressTest {

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2024-05-01T00:00:00Z");

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

  @Test
  void printsAtMostOneLinePerIntervalAndNothingForShortRuns() {
    MutableClock clock = new MutableClock();
    StringWriter err = new StringWriter();
    DlqProgress p = new DlqProgress(new PrintWriter(err), clock, "replaying jobs.x");

    p.progress(10, 1000);
    clock.now = clock.now.plusMillis(1999);
    p.progress(20, 1000);
    assertThat(err.toString()).isEmpty();

    clock.now = clock.now.plusMillis(1);
    p.progress(500, 1000);
    clock.now = clock.now.plusMillis(500);
    p.progress(600, 1000);
    assertThat(err.toString()).isEqualTo("replaying jobs.x: 500/1000 offsets read (50%), 250/s\n");

    clock.now = clock.now.plusSeconds(5);
    p.progress(1000, 1000);
    assertThat(err.toString().lines()).hasSize(1);
  }
}
