package dev.jobpipe.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  private static long[] oneTo(int n) {
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[n - 1 - i] = i + 1; // descending, so sorting matters
    }
    return values;
  }

  @Test
  void nearestRankOfOneToThousand() {
    Percentiles p = Percentiles.of(oneTo(1000), 1000);
    assertThat(p.at(0.5)).isEqualTo(500);
    assertThat(p.at(0.99)).isEqualTo(990);
    assertThat(p.at(0.999)).isEqualTo(999);
    assertThat(p.at(1.0)).isEqualTo(1000);
    assertThat(p.min()).isEqualTo(1);
    assertThat(p.max()).isEqualTo(1000);
    assertThat(p.count()).isEqualTo(1000);
  }

  @Test
  void smallSampleRoundsTheRankUp() {
    Percentiles p = Percentiles.of(new long[] {10, 20, 30}, 3);
    assertThat(p.at(0.5)).isEqualTo(20);
    assertThat(p.at(0.99)).isEqualTo(30);
    assertThat(p.at(0.01)).isEqualTo(10);
  }

  @Test
  void usesOnlyTheFirstCountValuesAndLeavesTheInputAlone() {
    long[] samples = {5, 1, 9, 1000, 1000};
    Percentiles p = Percentiles.of(samples, 3);
    assertThat(p.max()).isEqualTo(9);
    assertThat(samples).containsExactly(5, 1, 9, 1000, 1000);
  }

  @Test
  void rejectsBadCountsAndFractions() {
    assertThatThrownBy(() -> Percentiles.of(new long[3], 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.of(new long[3], 4)).isInstanceOf(IllegalArgumentException.class);
    Percentiles p = Percentiles.of(new long[] {1}, 1);
    assertThatThrownBy(() -> p.at(0)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> p.at(1.5)).hasMessageContaining("(0, 1]");
  }
}
