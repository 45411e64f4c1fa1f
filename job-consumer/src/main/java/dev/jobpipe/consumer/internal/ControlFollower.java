package dev.jobpipe.consumer.internal;

import dev.jobpipe.schemas.control.ControlState;
import dev.jobpipe.schemas.control.ControlTopicReader;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a type's {@code jobs.T.control} on a thread of its own: reads it to the end first (the
 * worker starts no job before), then applies each change as it arrives (a poll returns as soon as a
 * record does, so a change reaches the worker in milliseconds) and hands every new state to
 * {@code onChange}. A broker that cannot be reached is retried until the worker stops.
 *
 * <p>The console follows every type's control topic with one consumer instead
 * ({@code ControlStatesFollower}): it discovers topics as they appear and has no start gate. The
 * reading and folding both use is shared ({@link ControlTopicReader}, {@link ControlState.Fold});
 * only the two threads' loops differ, as their gate and topic discovery do.
 */
final class ControlFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControlFollower.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
  private static final long RETRY_MILLIS = 1_000;

  private final ControlTopicReader reader;
  private final Consumer<ControlState> onChange;
  private final Thread thread;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  /**
   * Ends a retry wait at once. close() never interrupts the thread: a Kafka consumer polled or closed
   * with the interrupt flag set throws, and gives up on its fetcher with an ERROR and a stack trace.
   */
  private final CountDownLatch stopped = new CountDownLatch(1);

  ControlFollower(String type, ControlTopicReader reader, Consumer<ControlState> onChange) {
    this.reader = reader;
    this.onChange = onChange;
    this.thread = Thread.ofPlatform().daemon().name("jobpipe-" + type + "-control").unstarted(this::run);
  }

  private volatile RuntimeException initialFailure;

  void start() {
    thread.start();
  }

  /** Why the first read to the end has not succeeded yet (logged once per reason); null when it has, or has not failed. */
  RuntimeException initialFailure() {
    return initialFailure;
  }

  /** Waits until the topic was read to its end; false when {@code timeout} passed first. */
  boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    try {
      while (stopped.getCount() > 0 && caughtUp.getCount() > 0) {
        try {
          ControlState state = reader.readToEnd(READ_TIMEOUT);
          onChange.accept(state);
          caughtUp.countDown();
          log.info("read {}: {}", reader.topic(), state);
        } catch (WakeupException e) {
          return;
        } catch (RuntimeException e) {
          RuntimeException before = initialFailure;
          initialFailure = e;
          if (before == null || !before.toString().equals(e.toString())) {
            log.warn("cannot read {} yet ({}); no job starts before it is read; retrying", reader.topic(), e.toString());
          }
          if (stopped.await(RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
            return;
          }
        }
      }
      initialFailure = null;
      while (stopped.getCount() > 0) {
        try {
          if (reader.poll(POLL)) {
            ControlState state = reader.state();
            log.info("{} changed: {}", reader.topic(), state);
            onChange.accept(state);
          }
        } catch (WakeupException e) {
          return;
        } catch (RuntimeException e) {
          log.warn("reading {} failed ({}); retrying", reader.topic(), e.toString());
          if (stopped.await(RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        reader.close();
      } catch (RuntimeException e) {
        log.warn("closing the control reader failed: {}", e.toString());
      }
    }
  }

  /** Stops following and closes the reader; waits a bounded time. Idempotent. */
  @Override
  public void close() {
    stopped.countDown();
    if (thread.isAlive()) {
      reader.wakeup();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else if (thread.getState() == Thread.State.NEW) {
      reader.close();
    }
  }
}
