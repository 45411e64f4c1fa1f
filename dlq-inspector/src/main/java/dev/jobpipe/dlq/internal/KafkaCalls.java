package dev.jobpipe.dlq.internal;

import dev.jobpipe.dlq.DlqException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Waits for Kafka client futures and turns their failures into one {@link DlqException} whose
 * message an operator can act on: a timeout becomes "no answer within N s", anything else keeps
 * the broker's own message without the exception-class prefix of {@link ExecutionException}.
 */
public final class KafkaCalls {

  private KafkaCalls() {}

  /** The future's value; {@code what} names the operation in the error, e.g. "describe group g". */
  public static <T> T get(Future<T> future, String what, Duration timeout) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DlqException(what + ": interrupted", e);
    } catch (ExecutionException e) {
      throw translate(e.getCause() == null ? e : e.getCause(), what, timeout);
    }
  }

  /** A client failure as a {@link DlqException} naming the operation. */
  public static DlqException translate(Throwable cause, String what, Duration timeout) {
    if (cause instanceof DlqException dlq) {
      return dlq;
    }
    if (cause instanceof TimeoutException) {
      return new DlqException(what + ": Kafka did not answer within " + seconds(timeout)
          + " (is the broker reachable?)", cause);
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new DlqException(what + ": " + message, cause);
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
