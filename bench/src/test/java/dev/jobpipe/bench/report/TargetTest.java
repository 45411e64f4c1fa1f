package dev.jobpipe.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetTest {
  private static Summary s(double v) {
    return Summary.of(List.of(v));
  }

  @Test
  void ratioTargetComparesMedians() {
    Target t = Target.ratioAtLeast(0.8);
    assertThat(t.text()).isEqualTo("≥ 0.8×");
    assertThat(t.met(s(80), s(100))).hasValue(true);
    assertThat(t.met(s(79.9), s(100))).hasValue(false);
    assertThat(t.met(s(80), null)).isEmpty();
    assertThat(t.met(s(80), s(0))).isEmpty();
  }

  @Test
  void ratioAtMostBoundsACost() {
    Target t = Target.ratioAtMost(1.25);
    assertThat(t.text()).isEqualTo("≤ 1.25×");
    assertThat(t.met(s(5), s(4))).hasValue(true);
    assertThat(t.met(s(5.1), s(4))).hasValue(false);
    assertThat(t.met(s(5), null)).isEmpty();
  }

  @Test
  void boundsOnJobpipesOwnFigure() {
    assertThat(Target.atMost(25, "ms").met(s(25), null)).hasValue(true);
    assertThat(Target.atMost(25, "ms").met(s(25.1), null)).hasValue(false);
    assertThat(Target.atMost(25, "ms").text()).isEqualTo("≤ 25 ms");
    assertThat(Target.atLeast(30_000, "jobs/s").met(s(30_000), null)).hasValue(true);
    assertThat(Target.atLeast(30_000, "jobs/s").met(s(29_999), null)).hasValue(false);
    assertThat(Target.atLeast(30_000, "jobs/s").text()).isEqualTo("≥ 30,000 jobs/s");
  }

  @Test
  void rowRatioAndVerdict() {
    ResultRow row = new ResultRow("x", "jobs/s", s(50), "y", s(100), Target.ratioAtLeast(1.0), null);
    assertThat(row.ratio()).hasValue(0.5);
    assertThat(row.met()).hasValue(false);
    ResultRow noTarget = new ResultRow("x", "ms", s(5), null, null, null, null);
    assertThat(noTarget.ratio()).isEmpty();
    assertThat(noTarget.met()).isEmpty();
  }
}
