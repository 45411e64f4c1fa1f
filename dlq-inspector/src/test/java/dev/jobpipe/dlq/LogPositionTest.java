package dev.jobpipe.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogPositionTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void digitsAreAnOffset() {
    assertThat(LogPosition.parse("1500", CLOCK)).isEqualTo(new LogPosition.Offset(1500));
    assertThat(LogPosition.parse("0", CLOCK)).isEqualTo(new LogPosition.Offset(0));
  }

  @Test
  void anythingTimeLikeIsATime() {
    assertThat(LogPosition.parse("2h", CLOCK)).isEqualTo(new LogPosition.Time(Instant.parse("2024-05-01T10:00:00Z")));
    assertThat(LogPosition.parse("2024-05-01T10:00:00Z", CLOCK))
        .isEqualTo(new LogPosition.Time(Instant.parse("2024-05-01T10:00:00Z")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5", "99999999999999999999", "soon", ""})
  void rejectsBadPositions(String text) {
    assertThatThrownBy(() -> LogPosition.parse(text, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void resolveClampsOffsetsToEachPartitionAndMapsTimes() {
    InMemoryTopicLog log = new InMemoryTopicLog("t", 2);
    for (int i = 0; i < 10; i++) {
      log.add(Records.record("t", 0, i, Instant.ofEpochSecond(100 + i), null, null, new org.apache.kafka.common.header.internals.RecordHeaders()));
    }
    log.add(Records.record("t", 1, 0, Instant.ofEpochSecond(200), null, null, new org.apache.kafka.common.header.internals.RecordHeaders()));
    log.deleteBefore(0, 3);

    assertThat(log.resolve(new LogPosition.Offset(1))).isEqualTo(Map.of(0, 3L, 1, 1L));
    assertThat(log.resolve(new LogPosition.Offset(50))).isEqualTo(Map.of(0, 10L, 1, 1L));
    assertThat(log.resolve(new LogPosition.Time(Instant.ofEpochSecond(105)))).isEqualTo(Map.of(0, 5L, 1, 0L));
    assertThat(log.resolve(new LogPosition.Time(Instant.ofEpochSecond(300)))).isEqualTo(Map.of(0, 10L, 1, 1L));
  }
}
