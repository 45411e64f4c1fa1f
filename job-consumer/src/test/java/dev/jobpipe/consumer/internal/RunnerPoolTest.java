package dev.jobpipe.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunnerPoolTest {

  private final AtomicInteger threadsStarted = new AtomicInteger();
  private final ThreadFactory threads = r -> {
    threadsStarted.incrementAndGet();
    return Thread.ofVirtual().name("runner-test-", 0).unstarted(r);
  };

  @Test
  void busyNeverExceedsRunningAndEverythingSettlesToZero() throws InterruptedException {
    RunnerPool pool = new RunnerPool(threads, 4);
    int tasks = 20_000;
    CountDownLatch done = new CountDownLatch(tasks);
    AtomicInteger violations = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    List<Thread> submitters = new java.util.ArrayList<>();
    for (int s = 0; s < 4; s++) {
      submitters.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < tasks / 4; i++) {
          pool.submit(() -> {
            // Two counters cannot be read at one instant (a runner may leave between the reads), so
            // each read is checked against what holds at every instant: this task is busy itself,
            // and busy <= running <= the maximum.
            int busy = pool.busy();
            int running = pool.runners();
            if (busy < 1 || busy > 4 || running > 4) {
              violations.incrementAndGet();
            }
            ran.incrementAndGet();
            done.countDown();
            return true;
          });
        }
      }));
    }
    for (Thread t : submitters) {
      t.join();
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(violations.get()).as("tasks that saw busy or running above the maximum, or themselves not busy").isZero();
    assertThat(ran.get()).isEqualTo(tasks);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> pool.runners() == 0 && pool.busy() == 0);
    assertThat(pool.busy()).isZero();
    assertThat(pool.queued()).isZero();
  }

  @Test
  void oneRunnerStartsTasksInSubmissionOrder() throws InterruptedException {
    RunnerPool pool = new RunnerPool(threads, 1);
    List<Integer> order = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(100);
    for (int i = 0; i < 100; i++) {
      int n = i;
      pool.submit(() -> {
        order.add(n);
        done.countDown();
        return true;
      });
    }
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(order).hasSize(100).isSorted();
  }

  @Test
  void neverRunsMoreTasksAtOnceThanItsMaximum() throws InterruptedException {
    RunnerPool pool = new RunnerPool(threads, 3);
    AtomicInteger now = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(60);
    for (int i = 0; i < 60; i++) {
      pool.submit(() -> {
        peak.accumulateAndGet(now.incrementAndGet(), Math::max);
        sleep(2);
        now.decrementAndGet();
        done.countDown();
        return true;
      });
    }
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(peak.get()).isBetween(1, 3);
    assertThat(threadsStarted.get()).isLessThan(60);
  }

  @Test
  void shortTasksAreDrainedByFewThreads() throws InterruptedException {
    RunnerPool pool = new RunnerPool(threads, 64);
    CountDownLatch done = new CountDownLatch(10_000);
    for (int i = 0; i < 10_000; i++) {
      pool.submit(() -> {
        done.countDown();
        return true;
      });
    }
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    // a thread per task would start 10,000; the backlog rule starts one only while it outgrows the runners
    assertThat(threadsStarted.get()).isLessThan(5_000);
  }

  @Test
  void aTaskQueuedBehindSlowTasksGetsARunnerOfItsOwnBelowTheMaximum() throws InterruptedException {
    RunnerPool pool = new RunnerPool(threads, 4);
    CountDownLatch slowStarted = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < 2; i++) {
      pool.submit(() -> {
        slowStarted.countDown();
        awaitQuietly(release);
        return true;
      });
    }
    assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
    CountDownLatch quick = new CountDownLatch(1);
    pool.submit(() -> {
      quick.countDown();
      return true;
    });
    assertThat(quick.await(5, TimeUnit.SECONDS)).as("runs while the slow ones hold their runners").isTrue();
    release.countDown();
    awaitRunners(pool, 0);
  }

  @Test
  void anAbandonedRunnerNoLongerCountsSoTheQueueMovesOn() throws InterruptedException {
    RunnerPool pool = new RunnerPool(threads, 1);
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch second = new CountDownLatch(1);
    pool.submit(() -> {
      stuck.countDown();
      awaitQuietly(release);
      return false; // as a timed-out handler's task does when it finally returns
    });
    assertThat(stuck.await(5, TimeUnit.SECONDS)).isTrue();
    pool.submit(() -> {
      second.countDown();
      return true;
    });
    assertThat(second.await(200, TimeUnit.MILLISECONDS)).as("waits behind the stuck runner").isFalse();
    pool.abandoned();
    pool.submit(() -> true); // the next submission sees room and starts a runner, which drains both
    assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
    release.countDown();
    awaitRunners(pool, 0);
  }

  @Test
  void noTaskIsStrandedWhenRunnersLeaveWhileOthersSubmit() throws InterruptedException {
    RunnerPool pool = new RunnerPool(threads, 2);
    int submitters = 4;
    int perSubmitter = 20_000;
    CountDownLatch done = new CountDownLatch(submitters * perSubmitter);
    List<Thread> started = new CopyOnWriteArrayList<>();
    for (int s = 0; s < submitters; s++) {
      started.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < perSubmitter; i++) {
          pool.submit(() -> {
            done.countDown();
            return true;
          });
          if (i % 1_000 == 0) {
            sleep(1); // let the runners run dry and leave, so leaving races with submitting
          }
        }
      }));
    }
    for (Thread t : started) {
      t.join();
    }
    assertThat(done.await(20, TimeUnit.SECONDS)).as("every task ran; %d left", done.getCount()).isTrue();
    awaitRunners(pool, 0);
  }

  @Test
  void rejectsAMaximumBelowOne() {
    assertThatThrownBy(() -> new RunnerPool(threads, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  private static void awaitRunners(RunnerPool pool, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (pool.runners() != expected && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(pool.runners()).isEqualTo(expected);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
