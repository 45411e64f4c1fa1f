package dev.jobpipe.router.internal;

import dev.jobpipe.schemas.streams.StreamsReadiness;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the routing's Kafka Streams client running through transient failures. Kafka Streams ends
 * a client in {@code ERROR} on failures that a broker outage causes and that pass once the broker is
 * back: a rebalance right after the broker's return that finds source topics missing from metadata
 * ({@code MissingSourceTopicException}), a changelog not in metadata within {@code max.block.ms}, a
 * task timeout. A failure that {@link RouterFailures#isFatal} says a restart cannot cure ends the
 * routing through {@code fatal}; any other closes the failed client and starts a new one on the
 * same topology after a {@link RestartBackoff}. Exactly-once processing makes the restart safe: the
 * failed client's open transactions abort, and the new one resumes from the committed offsets.
 */
public final class RoutingSupervisor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RoutingSupervisor.class);
  static final String PART = "routing";

  private final Supplier<KafkaStreams> factory;
  private final Consumer<Throwable> fatal;
  private final Runnable stateChanged;
  private final RouterMetrics metrics;
  private final Clock clock;
  private final Duration closeTimeout;
  private final RestartBackoff backoff = new RestartBackoff();
  private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "jobpipe-routing-restarts");
    t.setDaemon(true);
    return t;
  });
  private final Object lock = new Object();
  private KafkaStreams current;
  private Throwable lastFailure;
  private KafkaStreams restarting;
  private boolean closed;
  private volatile boolean ready;

  /**
   * @param factory builds a new, not yet started client (topology, properties) for each (re)start
   * @param fatal told once when the routing fails for good
   * @param stateChanged told after every state change, e.g. to update health
   */
  public RoutingSupervisor(Supplier<KafkaStreams> factory, Consumer<Throwable> fatal, Runnable stateChanged,
      RouterMetrics metrics, Clock clock, Duration closeTimeout) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.fatal = Objects.requireNonNull(fatal, "fatal");
    this.stateChanged = Objects.requireNonNull(stateChanged, "stateChanged");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
  }

  /** Starts the first client; {@code cleanUpFirst} wipes its local state before (after an unclean stop). */
  public void start(boolean cleanUpFirst) {
    synchronized (lock) {
      launch(cleanUpFirst);
    }
  }

  /** Whether the current client is running (or rebalancing after it ran). */
  public boolean ready() {
    return ready;
  }

  private void launch(boolean cleanUpFirst) {
    KafkaStreams streams = factory.get();
    StreamsReadiness readiness = new StreamsReadiness();
    streams.setStateListener((newState, oldState) -> {
      boolean readyNow = readiness.ready(newState);
      if (isCurrent(streams)) {
        ready = readyNow;
      }
      if (newState == KafkaStreams.State.ERROR) {
        failed(streams);
      }
      stateChanged.run();
    });
    streams.setUncaughtExceptionHandler(e -> {
      synchronized (lock) {
        if (current == streams) {
          lastFailure = e;
        }
      }
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    if (cleanUpFirst) {
      streams.cleanUp();
    }
    current = streams;
    lastFailure = null;
    backoff.started(clock.millis());
    streams.start();
  }

  private boolean isCurrent(KafkaStreams streams) {
    synchronized (lock) {
      return current == streams;
    }
  }

  /** Runs on the failed client's thread: decide, and leave the closing to the restart thread. */
  private void failed(KafkaStreams streams) {
    Throwable cause;
    synchronized (lock) {
      if (closed || current != streams || restarting == streams) {
        return;
      }
      restarting = streams;
      cause = lastFailure != null ? lastFailure : new IllegalStateException("Kafka Streams entered ERROR");
      if (RouterFailures.isFatal(cause)) {
        fatal.accept(cause);
        return;
      }
      Duration delay = backoff.next(clock.millis());
      log.warn("routing stopped by a transient failure, restarting it in {} ms: {}",
          delay.toMillis(), RouterFailures.describe(cause));
      restarts.schedule(() -> restart(streams), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void restart(KafkaStreams failed) {
    failed.close(closeTimeout);
    synchronized (lock) {
      if (closed || current != failed) {
        return;
      }
      try {
        launch(false);
        metrics.restarted(PART);
        log.info("routing restarted");
      } catch (RuntimeException e) {
        fatal.accept(e);
      }
    }
  }

  /**
   * Stops restarting and closes the current client within the close timeout; with
   * {@code leaveGroup} its consumer leaves the group (a static member otherwise stays until its
   * session times out). Returns whether the client closed cleanly.
   */
  public boolean close(boolean leaveGroup) {
    KafkaStreams streams;
    synchronized (lock) {
      if (closed) {
        return true;
      }
      closed = true;
      ready = false;
      streams = current;
    }
    restarts.shutdownNow();
    if (streams == null) {
      return true;
    }
    CloseOptions options = CloseOptions.timeout(closeTimeout).withGroupMembershipOperation(leaveGroup
        ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
        : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
    return streams.close(options);
  }

  @Override
  public void close() {
    close(false);
  }
}
