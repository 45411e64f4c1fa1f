package dev.jobpipe.consumer.internal;

import dev.jobpipe.observability.HealthState;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the broker lets the worker in. A refusal (wrong credentials or certificate, a missing
 * ACL) is no reason to exit: a restart would be refused the same way, and the cause is fixed
 * outside the worker. So the worker turns not ready, says why in one line (again only when the
 * reason changes), and tries again after a growing pause, so a fixed password or a granted ACL
 * brings it back. Poll thread only, except {@link #down()}.
 *
 * <p>Its lines are the worker's: they are logged under {@code WorkerRuntime}, the name operators
 * (and the cli's {@code SecureStackIT}) find the refusal by.
 */
final class AccessWatch {

  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);
  /** Retries after the broker refused the worker: soon, then at most twice a minute. */
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final Duration RETRY_MAX = Duration.ofSeconds(30);

  private final String topic;
  private final Consumer<?, ?> consumer;
  private final HealthState health;
  private final BooleanSupplier stopRequested;
  /** Down while the broker refuses the worker. */
  private final BackoffGate gate;
  private String lastRefusal;

  AccessWatch(String topic, Consumer<?, ?> consumer, HealthState health, Clock clock, BooleanSupplier stopRequested) {
    this.topic = topic;
    this.consumer = consumer;
    this.health = health;
    this.stopRequested = stopRequested;
    this.gate = new BackoffGate("broker access", RETRY, RETRY_MAX, clock);
  }

  /** True while the broker refuses the worker: it is not ready then. */
  boolean down() {
    return gate.down();
  }

  /**
   * A client failed before the first poll (reading the control topic): a refusal counts as a
   * refused poll (not ready, one line, the same backoff); anything else is not this watch's.
   */
  void failedBeforePolling(RuntimeException failure) {
    if (failure instanceof AuthenticationException || failure instanceof AuthorizationException) {
      refused((KafkaException) failure);
    }
  }

  /** The broker refused the worker: not ready, one line per new reason, then waits out the pause (or a stop). */
  void refused(KafkaException e) {
    health.setReady(false);
    gate.recordFailure(e);
    String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (!reason.equals(lastRefusal)) {
      lastRefusal = reason;
      log.error("worker for {}: the broker refused access ({}); not ready, retrying (at most every {} s) until the"
          + " credentials or ACLs are fixed", topic, reason, RETRY_MAX.toSeconds());
    }
    gate.awaitOpen(stopRequested);
  }

  /** After a poll that was not refused: ends a refusal once the broker has shown it lets the worker in. */
  void polled(ConsumerRecords<?, ?> records) {
    if (gate.down() && accessShown(records)) {
      gate.recordSuccess();
      lastRefusal = null;
      log.info("worker for {}: the broker accepts it again", topic);
    }
  }

  /**
   * Whether the broker has let the worker in: records, partitions, or a group generation. A poll
   * that merely returns nothing proves nothing, since the consumer reports a refused connection
   * once, then returns empty polls while it tries again.
   */
  private boolean accessShown(ConsumerRecords<?, ?> records) {
    return !records.isEmpty() || !consumer.assignment().isEmpty() || consumer.groupMetadata().generationId() > 0;
  }
}
