package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import dev.jobpipe.testkit.MutableClock;
import org.junit.jupiter.api.Test;

class DlqProgressTest {

  @Test
  void printsAtMostOneLinePerIntervalAndNothingForShortRuns() {
    MutableClock clock = new MutableClock();
    StringWriter err = new StringWriter();
    DlqProgress p = new DlqProgress(new PrintWriter(err), clock, "replaying jobs.x");

    p.progress(10, 1000);
    clock.advanceMillis(1999);
    p.progress(20, 1000);
    assertThat(err.toString()).isEmpty();

    clock.advanceMillis(1);
    p.progress(500, 1000);
    clock.advanceMillis(500);
    p.progress(600, 1000);
    assertThat(err.toString()).isEqualTo("replaying jobs.x: 500/1000 offsets read (50%), 250/s\n");

    clock.advance(Duration.ofSeconds(5));
    p.progress(1000, 1000);
    assertThat(err.toString().lines()).hasSize(1);
  }
}
