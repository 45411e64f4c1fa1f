package dev.jobpipe.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadHorizonTest {

  @Test
  void aTaskStartsCatchingUpUntilItReadsLiveOrGoesQuiet() {
    ReadHorizon horizon = new ReadHorizon(10_000);
    assertThat(horizon.live()).isFalse();
    assertThat(horizon.safeUntil(10_500, -1)).as("nothing read yet").isEqualTo(-1);
    assertThat(horizon.quietAt()).isEqualTo(11_000);
    assertThat(horizon.safeUntil(11_000, -1)).as("quiet: at the end of its input").isEqualTo(11_000);
  }

  @Test
  void whileCatchingUpTheHorizonIsTheStreamTime() {
    ReadHorizon horizon = new ReadHorizon(10_000);
    horizon.read(4_000, 10_200);
    assertThat(horizon.live()).isFalse();
    assertThat(horizon.safeUntil(10_300, 4_000)).isEqualTo(4_000);
    assertThat(horizon.quietAt()).isEqualTo(11_200);
    assertThat(horizon.safeUntil(11_200, 4_000)).isEqualTo(11_200);
  }

  @Test
  void aRecordReadWithinTheLiveLagMakesTheHorizonTheWallClock() {
    ReadHorizon horizon = new ReadHorizon(10_000);
    horizon.read(10_100 - ReadHorizon.LIVE_LAG_MS, 10_100);
    assertThat(horizon.live()).isTrue();
    assertThat(horizon.safeUntil(10_150, 9_100)).isEqualTo(10_150);
    horizon.read(9_000, 10_200);
    assertThat(horizon.live()).as("one late record: catching up again").isFalse();
  }
}
