package dev.jobpipe.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.Test;

class DueTimerTest {

  private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
  private final DueTimer timer = new DueTimer(context, now -> { });

  private List<CapturedPunctuator> armed() {
    return context.scheduledPunctuators().stream().filter(p -> !p.cancelled()).toList();
  }

  @Test
  void nothingDueMeansNoPunctuation() {
    timer.wakeAt(Long.MAX_VALUE, 1_000);
    assertThat(context.scheduledPunctuators()).isEmpty();
  }

  @Test
  void armsOneWallClockPunctuationForTheEarliestTime() {
    timer.wakeAt(6_000, 1_000);
    assertThat(armed()).singleElement().satisfies(p -> {
      assertThat(p.getInterval()).isEqualTo(Duration.ofSeconds(5));
      assertThat(p.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
    });
    timer.wakeAt(9_000, 2_000); // later: the armed one fires first anyway
    assertThat(context.scheduledPunctuators()).hasSize(1);
    timer.wakeAt(3_000, 2_000); // earlier: re-armed
    assertThat(armed()).singleElement().satisfies(p -> assertThat(p.getInterval()).isEqualTo(Duration.ofSeconds(1)));
    assertThat(context.scheduledPunctuators()).hasSize(2);
  }

  @Test
  void aPassedTimeFiresAtTheNextCheckAndDisarmStopsIt() {
    timer.wakeAt(500, 1_000);
    assertThat(armed()).singleElement().satisfies(p -> assertThat(p.getInterval()).isEqualTo(Duration.ofMillis(1)));
    timer.disarm();
    assertThat(armed()).isEmpty();
    timer.wakeAt(2_000, 1_000); // armed again after it fired
    assertThat(armed()).hasSize(1);
  }
}
