package dev.jobpipe.schemas.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ControlStateTest {

  private static final Instant AT = Instant.ofEpochMilli(1_000_000L);

  private static boolean apply(ControlState.Fold fold, ControlEntry entry) {
    return fold.apply(entry.key(), ControlCodec.encode(entry));
  }

  @Test
  void anEmptyTopicMeansRunningUnlimitedAndNothingCancelled() {
    ControlState state = new ControlState.Fold().state();
    assertThat(state.paused()).isFalse();
    assertThat(state.rateLimit()).isEmpty();
    assertThat(state.hasCancellations()).isFalse();
    assertThat(state.idle()).isTrue();
  }

  @Test
  void theLastValueOfEachKeyWinsAndATombstoneRemovesIt() {
    ControlState.Fold fold = new ControlState.Fold();
    apply(fold, new PauseState(true, "a", AT, "x"));
    apply(fold, new RateLimit(5.0, "a", AT, null));
    assertThat(fold.state().paused()).isTrue();
    assertThat(fold.state().rateLimit()).hasValue(5.0);

    apply(fold, new PauseState(false, "b", AT.plusSeconds(1), null));
    apply(fold, new RateLimit(null, "b", AT, null));
    assertThat(fold.state().paused()).isFalse();
    assertThat(fold.state().pauseState()).map(PauseState::by).contains("b");
    assertThat(fold.state().rateLimit()).isEmpty();

    apply(fold, new PauseState(true, "a", AT, null));
    fold.apply("paused", (byte[]) null);
    assertThat(fold.state().paused()).isFalse();
    assertThat(fold.state().pauseState()).isEmpty();
  }

  @Test
  void aCancellationHoldsUntilItExpires() {
    ControlState.Fold fold = new ControlState.Fold();
    apply(fold, new Cancellation("j1", AT.plusSeconds(10), "a", AT, null));
    ControlState state = fold.state();
    assertThat(state.idle()).isFalse();
    assertThat(state.cancelled("j1", AT.toEpochMilli())).isTrue();
    assertThat(state.cancelled("j1", AT.plusSeconds(10).toEpochMilli())).isFalse();
    assertThat(state.cancelled("j2", AT.toEpochMilli())).isFalse();
    fold.apply("cancel/j1", (byte[]) null);
    assertThat(fold.state().hasCancellations()).isFalse();
  }

  @Test
  void anUnreadableRecordIsCountedAndKeepsThePreviousValue() {
    ControlState.Fold fold = new ControlState.Fold();
    apply(fold, new PauseState(true, "a", AT, null));
    assertThat(fold.apply("paused", "garbage".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(fold.apply("colour", "{}".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(fold.apply((String) null, "{}".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(fold.state().paused()).isTrue();
    assertThat(fold.state().unreadable()).isEqualTo(3);
    assertThat(fold.state().lastUnreadable()).isEqualTo("a record without a key");
  }

  @Test
  void aStateIsASnapshotLaterRecordsDoNotChange() {
    ControlState.Fold fold = new ControlState.Fold();
    apply(fold, new Cancellation("j1", AT.plusSeconds(10), "a", AT, null));
    ControlState before = fold.state();
    apply(fold, new Cancellation("j2", AT.plusSeconds(10), "a", AT, null));
    assertThat(before.cancellations()).containsOnlyKeys("j1");
    assertThat(fold.state().cancellations()).containsOnlyKeys("j1", "j2");
  }
}
