package dev.jobpipe.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimesTest {

  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @ParameterizedTest
  @CsvSource({
      "2024-05-01T10:00:00Z, 2024-05-01T10:00:00Z",
      "2024-05-01T10:00:00.250Z, 2024-05-01T10:00:00.250Z",
      "2024-05-01T12:00:00+02:00, 2024-05-01T10:00:00Z",
      "2024-05-01T10:00:00, 2024-05-01T10:00:00Z",
      "2024-05-01, 2024-05-01T00:00:00Z",
      "30m, 2024-05-01T11:30:00Z",
      "2h, 2024-05-01T10:00:00Z",
      "7d, 2024-04-24T12:00:00Z",
      "45s, 2024-05-01T11:59:15Z",
      "500ms, 2024-05-01T11:59:59.500Z",
      "' 2h ', 2024-05-01T10:00:00Z"
  })
  void parsesAbsoluteAndRelativeTimes(String text, String expected) {
    assertThat(Times.parse(text, CLOCK)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "yesterday", "2h ago", "-2h", "2w", "0h", "2024-13-01", "10:00", "1.5h"})
  void rejectsAnythingElseQuotingTheInput(String text) {
    assertThatThrownBy(() -> Times.parse(text, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid time '" + text + "'")
        .hasMessageContaining("ISO-8601");
  }

  @org.junit.jupiter.api.Test
  void rejectsNull() {
    assertThatThrownBy(() -> Times.parse(null, CLOCK)).isInstanceOf(IllegalArgumentException.class);
  }
}
