package dev.jobpipe.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class BackoffGateTest {

  /** A clock the test moves by hand. */
  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_000_000));
  private final BackoffGate gate = new BackoffGate("test", Duration.ofMillis(100), Duration.ofMillis(350), clock);

  @Test
  void pauseDoublesPerRoundUpToTheMaximumNotPerFailingThread() {
    assertThat(gate.recordFailure(new RuntimeException("1"))).isTrue();
    assertThat(gate.pauseMillis()).isEqualTo(100);
    // Threads failing during the same pause do not grow it.
    assertThat(gate.recordFailure(new RuntimeException("2"))).isFalse();
    assertThat(gate.pauseMillis()).isEqualTo(100);
    clock.advanceMillis(100);
    assertThat(gate.recordFailure(new RuntimeException("3"))).isTrue();
    assertThat(gate.pauseMillis()).isEqualTo(200);
    clock.advanceMillis(200);
    gate.recordFailure(new RuntimeException("4"));
    assertThat(gate.pauseMillis()).isEqualTo(350);
    assertThat(gate.lastFailure()).hasMessage("4");
  }

  @Test
  void blocksFetchingDuringThePauseAndSuccessResetsIt() {
    assertThat(gate.down()).isFalse();
    assertThat(gate.blocksFetching()).isFalse();
    gate.recordFailure(new RuntimeException());
    assertThat(gate.down()).isTrue();
    assertThat(gate.blocksFetching()).isTrue();
    clock.advanceMillis(100);
    // Pause over and nobody waiting: fetching may probe again, but the outage is not over.
    assertThat(gate.blocksFetching()).isFalse();
    assertThat(gate.down()).isTrue();
    assertThat(gate.recordSuccess()).isTrue();
    assertThat(gate.recordSuccess()).isFalse();
    assertThat(gate.down()).isFalse();
    assertThat(gate.pauseMillis()).isZero();
    gate.recordFailure(new RuntimeException());
    assertThat(gate.pauseMillis()).isEqualTo(100);
  }

  @Test
  void awaitOpenGivesUpWhenAsked() {
    BackoffGate real = new BackoffGate("real", Duration.ofMinutes(5), Duration.ofMinutes(5), Clock.systemUTC());
    real.recordFailure(new RuntimeException());
    AtomicBoolean stop = new AtomicBoolean(true);
    assertThat(real.awaitOpen(stop::get)).isFalse();
    BackoffGate quick = new BackoffGate("quick", Duration.ofMillis(1), Duration.ofMillis(1), Clock.systemUTC());
    quick.recordFailure(new RuntimeException());
    assertThat(quick.awaitOpen(() -> false)).isTrue();
  }

  /** A gate whose waiters only move when woken: the clock stands still and the unannounced bound is an hour. */
  private BackoffGate frozen() {
    return new BackoffGate("frozen", Duration.ofMinutes(5), Duration.ofMinutes(5), clock, Duration.ofHours(1));
  }

  private static Thread waiter(BackoffGate gate, java.util.function.BooleanSupplier giveUp, AtomicReference<Boolean> result) {
    Thread t = Thread.ofPlatform().start(() -> result.set(gate.awaitOpen(giveUp)));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> t.getState() == Thread.State.TIMED_WAITING);
    return t;
  }

  @Test
  void waitersGoAsSoonAsTheServiceIsBackNotWhenThePauseEnds() throws Exception {
    BackoffGate gate = frozen();
    gate.recordFailure(new RuntimeException());
    AtomicReference<Boolean> opened = new AtomicReference<>();
    Thread t = waiter(gate, () -> false, opened);

    gate.recordSuccess();

    t.join(Duration.ofSeconds(30));
    assertThat(opened.get()).isTrue();
  }

  @Test
  void wakeWaitersMakesAWaiterSeeThatItsPartitionIsGone() throws Exception {
    BackoffGate gate = frozen();
    gate.recordFailure(new RuntimeException());
    AtomicBoolean revoked = new AtomicBoolean();
    AtomicReference<Boolean> opened = new AtomicReference<>();
    Thread t = waiter(gate, revoked::get, opened);

    revoked.set(true);
    gate.wakeWaiters();

    t.join(Duration.ofSeconds(30));
    assertThat(opened.get()).isFalse();
  }
}
