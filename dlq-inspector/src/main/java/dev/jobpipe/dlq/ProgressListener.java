package dev.jobpipe.dlq;

/** Told how far a long replay has come, so a command can print progress for an operator. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (done, total) -> { };

  /**
   * Called after each record considered; {@code done} of {@code total} offsets of the range have
   * been read. Implementations throttle their own output.
   */
  void progress(long done, long total);
}
