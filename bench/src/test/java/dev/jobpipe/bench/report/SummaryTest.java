package dev.jobpipe.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

  @Test
  void oddCountTakesTheMiddleRun() {
    Summary s = Summary.of(List.of(30.0, 10.0, 20.0));
    assertThat(s.median()).isEqualTo(20.0);
    assertThat(s.min()).isEqualTo(10.0);
    assertThat(s.max()).isEqualTo(30.0);
  }

  @Test
  void evenCountAveragesTheTwoMiddleRuns() {
    Summary s = Summary.of(List.of(4.0, 1.0, 3.0, 2.0));
    assertThat(s.median()).isEqualTo(2.5);
    assertThat(s.min()).isEqualTo(1.0);
    assertThat(s.max()).isEqualTo(4.0);
  }

  @Test
  void keepsRunsInRunOrder() {
    List<Double> runs = new ArrayList<>(List.of(3.0, 1.0, 2.0));
    Summary s = Summary.of(runs);
    runs.clear();
    assertThat(s.runs()).containsExactly(3.0, 1.0, 2.0);
  }

  @Test
  void singleRunIsItsOwnMedian() {
    assertThat(Summary.of(List.of(7.0))).isEqualTo(new Summary(7.0, 7.0, 7.0, List.of(7.0)));
  }

  @Test
  void rejectsNoRunsAndMissingFigures() {
    assertThatThrownBy(() -> Summary.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Summary.of(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Summary.of(List.of(1.0, Double.NaN))).hasMessageContaining("every run");
    assertThatThrownBy(() -> Summary.of(Arrays.asList(1.0, null))).hasMessageContaining("every run");
  }
}
