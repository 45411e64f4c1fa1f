package dev.jobpipe.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitTest {

  @ParameterizedTest
  @CsvSource({"100/s, 100", "50, 50", "600/m, 10", "3600/h, 1", "0.5/s, 0.5", "'20 / s', 20"})
  void parses(String text, double perSecond) {
    assertThat(RateLimit.parse(text).perSecond()).isEqualTo(perSecond);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "fast", "0/s", "-1/s", "10/d", "10/"})
  void rejectsBadRates(String text) {
    assertThatThrownBy(() -> RateLimit.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid rate");
  }

  @Test
  void unlimitedIsUnlimited() {
    assertThat(RateLimit.UNLIMITED.unlimited()).isTrue();
    assertThat(RateLimit.parse("5").unlimited()).isFalse();
  }
}
