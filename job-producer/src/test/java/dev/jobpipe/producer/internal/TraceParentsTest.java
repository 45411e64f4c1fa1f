package dev.jobpipe.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentsTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future-field"
  })
  void acceptsValidValues(String value) {
    assertThat(TraceParents.validate(value)).isEqualTo(value);
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
    assertThatThrownBy(() -> TraceParents.validate(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid traceparent")
        .hasMessageContaining(why);
  }

  @org.junit.jupiter.api.Test
  void refusesNull() {
    assertThatThrownBy(() -> TraceParents.validate(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
