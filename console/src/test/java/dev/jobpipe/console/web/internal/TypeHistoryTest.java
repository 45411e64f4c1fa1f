package dev.jobpipe.console.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeHistoryTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static TypeSample at(long seconds, long published, long succeeded) {
    return new TypeSample("t", T0.plusSeconds(seconds), 3, published, succeeded, -1, 0, 1, "STABLE", Map.of("5s", 2L), 0);
  }

  @Test
  void ratesAreOverTheLastThirtySeconds() {
    TypeHistory h = new TypeHistory(Duration.ofHours(1));
    assertThat(h.rate(TypeSample::published)).isZero();
    h.add(at(0, 0, 0));
    assertThat(h.rate(TypeSample::published)).as("one sample").isZero();
    h.add(at(10, 1000, 0));
    h.add(at(40, 1300, 0));
    h.add(at(50, 1400, 0));
    // from the sample at 10 s (at least 30 s before the last) to 50 s: 400 in 40 s
    assertThat(h.rate(TypeSample::published)).isEqualTo(10.0);
  }

  @Test
  void aCounterThatWentBackwardsOrAMissingTopicIsNoRate() {
    assertThat(TypeHistory.rate(at(0, 100, 5), at(10, 50, 5), TypeSample::published)).isZero();
    assertThat(TypeHistory.rate(at(0, 0, -1), at(10, 0, -1), TypeSample::failed)).isZero();
    assertThat(TypeHistory.rate(at(0, 0, 0), at(0, 10, 0), TypeSample::published)).as("no time passed").isZero();
  }

  @Test
  void samplesOlderThanTheWindowAreDropped() {
    TypeHistory h = new TypeHistory(Duration.ofMinutes(1));
    for (int s = 0; s <= 120; s += 10) {
      h.add(at(s, s, s));
    }
    assertThat(h.samples()).hasSize(7);
    assertThat(h.samples().get(0).at()).isEqualTo(T0.plusSeconds(60));
    assertThat(h.latest().retryingTotal()).isEqualTo(2);
  }

  @Test
  void downsamplingKeepsTheEnds() {
    TypeHistory h = new TypeHistory(Duration.ofHours(1));
    for (int s = 0; s < 720; s++) {
      h.add(at(s * 5L, s, s));
    }
    var points = h.downsampled(120);
    assertThat(points).hasSize(120);
    assertThat(points.get(0).published()).isZero();
    assertThat(points.get(119).published()).isEqualTo(719);
  }
}
