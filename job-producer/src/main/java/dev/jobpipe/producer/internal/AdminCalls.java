package dev.jobpipe.producer.internal;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Waiting on admin-client futures with a deadline, unwrapping {@link ExecutionException} so callers
 * see the Kafka exception itself ({@code UnknownTopicOrPartitionException}, a timeout) and can
 * classify it.
 */
public final class AdminCalls {

  private AdminCalls() {}

  /**
   * The value of {@code future}, waiting at most {@code timeout}. Throws the Kafka exception the
   * call failed with, a {@link TimeoutException} naming {@code what} when the deadline passes, or an
   * {@link InterruptException} (interrupt flag kept).
   */
  public static <T> T await(KafkaFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof KafkaException kafka) {
        throw kafka;
      }
      throw new KafkaException(what + " failed: " + cause, cause);
    } catch (java.util.concurrent.TimeoutException e) {
      future.cancel(true);
      throw new TimeoutException(what + ": no answer from the cluster within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }
}
