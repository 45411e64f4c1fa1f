package dev.jobpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future-field"
  })
  void acceptsValidValues(String value) {
    assertThat(TraceParent.validate(value)).isEqualTo(value);
    assertThat(TraceParent.parse(value)).map(TraceParent::value).contains(value);
    assertThat(TraceParent.parse(" " + value + " ")).map(TraceParent::traceId).contains("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7|too short",
      "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01|separated by '-'",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01|lower-case hex",
      "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01|lower-case hex",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01|version ff",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01|trace id is all zeros",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01|parent id is all zeros",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x|exactly 55",
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x|after the flags"
  })
  void refusesMalformedValuesSayingWhy(String value, String why) {
    assertThatThrownBy(() -> TraceParent.validate(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid traceparent")
        .hasMessageContaining(why);
    assertThat(TraceParent.parse(value)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void refusesNull() {
    assertThatThrownBy(() -> TraceParent.validate(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(TraceParent.parse(null)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void flagBitZeroIsSampled() {
    assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").orElseThrow().sampled()).isTrue();
    assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").orElseThrow().sampled()).isFalse();
    assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03").orElseThrow().spanId())
        .isEqualTo("00f067aa0ba902b7");
  }
}
