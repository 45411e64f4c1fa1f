package dev.jobpipe.router.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarder thread's body: runs a {@link TierForwarder} round after round, and when it fails
 * transiently (a broker outage outlasting a commit's retries, an offset fetch timing out during a
 * rebalance) closes its consumer and producer and starts a fresh pair after a
 * {@link RestartBackoff}. A fatal failure ({@link RouterFailures#isFatal}) ends the loop through
 * {@code fatal}. The transactional producer keeps its id across restarts, so a new one fences the
 * old one's open transaction: a forward is never doubled, and an aborted one is read again.
 */
public final class ForwarderLoop implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(ForwarderLoop.class);
  static final String PART = "forwarder";
  private static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Supplier<KafkaConsumer<byte[], byte[]>> consumers;
  private final Function<KafkaConsumer<byte[], byte[]>, TierForwarder> forwarders;
  private final Consumer<Throwable> fatal;
  private final Runnable afterRound;
  private final RouterMetrics metrics;
  private final Clock clock;
  private final RestartBackoff backoff = new RestartBackoff();
  private volatile boolean stopping;
  private volatile boolean leaveGroup;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile TierForwarder forwarder;

  /**
   * @param consumers a new consumer for each (re)start
   * @param forwarders the forwarder over a consumer (it creates its own producer in {@code init})
   * @param fatal told when forwarding fails for good
   * @param afterRound run after each round, e.g. to update health
   */
  public ForwarderLoop(Supplier<KafkaConsumer<byte[], byte[]>> consumers,
      Function<KafkaConsumer<byte[], byte[]>, TierForwarder> forwarders, Consumer<Throwable> fatal,
      Runnable afterRound, RouterMetrics metrics, Clock clock) {
    this.consumers = Objects.requireNonNull(consumers, "consumers");
    this.forwarders = Objects.requireNonNull(forwarders, "forwarders");
    this.fatal = Objects.requireNonNull(fatal, "fatal");
    this.afterRound = Objects.requireNonNull(afterRound, "afterRound");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void run() {
    boolean first = true;
    while (!stopping) {
      if (!first) {
        metrics.restarted(PART);
        log.info("forwarder restarted");
      }
      first = false;
      Throwable failure = runOnce();
      if (failure == null || stopping) {
        return;
      }
      if (RouterFailures.isFatal(failure)) {
        fatal.accept(failure);
        return;
      }
      Duration delay = backoff.next(clock.millis());
      log.warn("forwarder stopped by a transient failure, restarting it in {} ms: {}",
          delay.toMillis(), RouterFailures.describe(failure));
      pause(delay);
    }
  }

  /** One life of a consumer and producer pair; returns what ended it, or null when stopped. */
  private Throwable runOnce() {
    KafkaConsumer<byte[], byte[]> c = consumers.get();
    TierForwarder f = forwarders.apply(c);
    consumer = c;
    forwarder = f;
    backoff.started(clock.millis());
    try {
      if (stopping) {
        return null;
      }
      f.init();
      while (!stopping) {
        f.runOnce();
        afterRound.run();
      }
      return null;
    } catch (WakeupException e) {
      return stopping ? null : e;
    } catch (Throwable t) {
      return t;
    } finally {
      forwarder = null;
      afterRound.run();
      f.closeProducer();
      c.close(CloseOptions.timeout(CONSUMER_CLOSE_TIMEOUT).withGroupMembershipOperation(stopping && leaveGroup
          ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
          : CloseOptions.GroupMembershipOperation.DEFAULT));
    }
  }

  private synchronized void pause(Duration delay) {
    long until = clock.millis() + delay.toMillis();
    try {
      for (long left = delay.toMillis(); left > 0 && !stopping; left = until - clock.millis()) {
        wait(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  /** Whether the current forwarder has its first assignment. */
  public boolean ready() {
    TierForwarder f = forwarder;
    return f != null && f.ready();
  }

  /**
   * Asks the loop to stop (wakes a blocked poll or a backoff); the thread then closes its clients.
   * With {@code leaveGroup} the consumer leaves the group on close, even as a static member.
   */
  public void stop(boolean leaveGroup) {
    this.leaveGroup = leaveGroup;
    stopping = true;
    TierForwarder f = forwarder;
    if (f != null) {
      f.stop(); // gives up a pending abort's retries
    }
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    synchronized (this) {
      notifyAll();
    }
  }
}
