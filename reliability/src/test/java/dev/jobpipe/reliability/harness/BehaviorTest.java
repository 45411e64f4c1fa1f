package dev.jobpipe.reliability.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.reliability.harness.Behavior.Outcome;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BehaviorTest {

  @ParameterizedTest
  @EnumSource(Behavior.class)
  void aMarkedIdCarriesItsBehaviorWhateverTheRate(Behavior b) {
    String id = b.jobId("17-" + UUID.randomUUID());
    assertThat(Behavior.marked(id)).contains(b);
    assertThat(Behavior.of(id, 1.0)).isEqualTo(b);
    assertThat(Behavior.of(id, 0.0)).isEqualTo(b);
  }

  @Test
  void unmarkedIdsFailOnceAtTheConfiguredRate() {
    long failing = IntStream.range(0, 20_000).mapToObj(i -> UUID.randomUUID().toString())
        .filter(id -> Behavior.of(id, 0.3) == Behavior.FAIL_ONCE).count();
    assertThat(failing).isBetween(5_400L, 6_600L);
    assertThat(Behavior.of("x", 0.0)).isEqualTo(Behavior.OK);
    assertThat(Behavior.of("x", 1.0)).isEqualTo(Behavior.FAIL_ONCE);
    assertThat(Behavior.marked("nope~1")).isEmpty();
    assertThat(Behavior.marked("~1")).isEmpty();
  }

  @Test
  void outcomesPerAttempt() {
    assertThat(Behavior.FAIL_ONCE.outcome(1)).isEqualTo(Outcome.FAIL);
    assertThat(Behavior.FAIL_ONCE.outcome(2)).isEqualTo(Outcome.OK);
    assertThat(Behavior.HANG_ONCE.outcome(1)).isEqualTo(Outcome.HANG);
    assertThat(Behavior.HANG_ONCE.outcome(2)).isEqualTo(Outcome.OK);
    assertThat(Behavior.FAIL_ALWAYS.outcome(9)).isEqualTo(Outcome.FAIL);
    assertThat(Behavior.TERMINAL.outcome(1)).isEqualTo(Outcome.TERMINAL);
    assertThat(Behavior.OK.outcome(1)).isEqualTo(Outcome.OK);
    assertThat(Behavior.FAIL_ALWAYS.endsDeadLettered()).isTrue();
    assertThat(Behavior.TERMINAL.endsDeadLettered()).isTrue();
    assertThat(Behavior.HANG_ONCE.endsDeadLettered()).isFalse();
    assertThat(Behavior.HOLD.outcome(1)).isEqualTo(Outcome.OK);
    assertThat(Behavior.HOLD_FAIL_ONCE.outcome(1)).isEqualTo(Outcome.FAIL);
    assertThat(Behavior.HOLD_FAIL_ONCE.outcome(2)).isEqualTo(Outcome.OK);
    assertThat(Behavior.HOLD.holds(1)).isTrue();
    assertThat(Behavior.HOLD_FAIL_ONCE.holds(2)).isFalse();
    assertThat(Behavior.FAIL_ONCE.holds(1)).isFalse();
    assertThat(Behavior.HOLD_FAIL_ONCE.endsDeadLettered()).isFalse();
  }
}
