package dev.jobpipe.dlq;

import org.apache.kafka.clients.producer.RecordMetadata;

/** Told about each dead letter a replay handles, as it happens. */
public interface ReplayListener extends ProgressListener {

  ReplayListener NONE = new ReplayListener() { };

  /**
   * {@code letter} was replayed and acknowledged as {@code target}; in a dry run {@code target} is
   * null: it would have been sent.
   */
  default void replayed(DeadLetter letter, RecordMetadata target) {}

  /** {@code letter} was not sent, for {@code why}. */
  default void skipped(DeadLetter letter, String why) {}

  @Override
  default void progress(long done, long total) {}
}
