package dev.jobpipe.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class TimeoutWatchdogTest {

  private final List<JobEntry> timedOut = new CopyOnWriteArrayList<>();
  private final TimeoutWatchdog watchdog = new TimeoutWatchdog("test", Duration.ofMillis(1_000), Clock.systemUTC(), timedOut::add);

  private JobEntry running(long startMillis) {
    JobEntry entry = new PartitionState(WorkerHarness.tp(0), dev.jobpipe.consumer.Ordering.NONE)
        .append(WorkerHarness.record(0, startMillis, null, "v"));
    entry.tryStart();
    entry.enterHandler(Thread.currentThread(), startMillis);
    watchdog.register(entry);
    return entry;
  }

  @Test
  void claimsOnlyCallsOverTheTimeoutAndInterruptsTheirThread() {
    JobEntry old = running(0);
    JobEntry young = running(500);
    assertThat(watchdog.scan(999)).as("the next deadline is the old call's").isEqualTo(1_000);
    assertThat(timedOut).isEmpty();
    watchdog.scan(1_000);
    assertThat(timedOut).containsExactly(old);
    assertThat(Thread.interrupted()).isTrue();
    assertThat(watchdog.abandoned()).isEqualTo(1);
    assertThat(old.exitHandler()).isFalse();
    watchdog.abandonedReturned();
    assertThat(watchdog.abandoned()).isZero();
    // the young call returns in time: a later scan leaves it alone
    assertThat(young.exitHandler()).isTrue();
    watchdog.unregister(young);
    assertThat(watchdog.scan(10_000)).as("nothing left to wait for").isEqualTo(Long.MAX_VALUE);
    assertThat(timedOut).containsExactly(old);
  }

  @Test
  void theThreadSleepsUntilACallRegistersAndWakesAtItsDeadline() {
    List<JobEntry> claimed = new CopyOnWriteArrayList<>();
    try (TimeoutWatchdog live = new TimeoutWatchdog("live", Duration.ofMillis(200), Clock.systemUTC(), claimed::add)) {
      live.start();
      // idle: parked with no deadline, until a call registers
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> live.threadState() == Thread.State.WAITING);
      JobEntry entry = new PartitionState(WorkerHarness.tp(0), dev.jobpipe.consumer.Ordering.NONE)
          .append(WorkerHarness.record(0, 0, null, "v"));
      entry.tryStart();
      Thread handler = Thread.ofPlatform().start(() -> {
        try {
          Thread.sleep(Duration.ofMinutes(5));
        } catch (InterruptedException e) {
          // the watchdog interrupts the timed-out call
        }
      });
      entry.enterHandler(handler, System.currentTimeMillis());
      live.register(entry);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !handler.isAlive());
      assertThat(claimed).containsExactly(entry);
    }
  }

  @Test
  void aCallThatReturnedFirstIsNotClaimed() {
    JobEntry entry = running(0);
    assertThat(entry.exitHandler()).isTrue();
    watchdog.scan(5_000);
    assertThat(timedOut).isEmpty();
    assertThat(Thread.interrupted()).isFalse();
  }
}
