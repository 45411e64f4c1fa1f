package dev.jobpipe.scheduler.internal;

import java.time.Duration;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * A wall-clock punctuation armed for one time: the first check of the stream thread after it
 * (the thread checks between polls, so at most the poll time later). A task punctuates only when
 * something of it is due, because every punctuation, even one that finds nothing to do, makes Kafka
 * Streams commit the task's offsets in the next exactly-once transaction: a fixed 1 ms punctuation
 * made an idle scheduler commit a transaction every commit interval, and every commit of a
 * forward carried the offsets of every task.
 */
final class DueTimer {

  private final ProcessorContext<?, ?> context;
  private final Punctuator punctuator;
  private Cancellable armed;
  private long at = Long.MAX_VALUE;

  DueTimer(ProcessorContext<?, ?> context, Punctuator punctuator) {
    this.context = context;
    this.punctuator = punctuator;
  }

  /** Fires at {@code due} (or at the next check when it has passed), unless armed for an earlier time. */
  void wakeAt(long due, long now) {
    if (due == Long.MAX_VALUE || (armed != null && at <= due)) {
      return;
    }
    disarm();
    at = due;
    armed = context.schedule(Duration.ofMillis(Math.max(1L, due - now)), PunctuationType.WALL_CLOCK_TIME, punctuator);
  }

  /** Called first by the punctuator: the timer fired and is not armed any more. */
  void disarm() {
    if (armed != null) {
      armed.cancel();
      armed = null;
    }
    at = Long.MAX_VALUE;
  }
}
