package dev.jobpipe.schemas.control;

import java.util.Objects;
import java.util.Optional;

/**
 * Keys of {@code jobs.T.control}: {@value #PAUSED}, {@value #RATE} and {@code cancel/<job id>}; the
 * one place they are spelled and parsed.
 */
public final class ControlKey {

  /** Key of the pause switch ({@link PauseState}). */
  public static final String PAUSED = "paused";
  /** Key of the type's rate limit ({@link RateLimit}). */
  public static final String RATE = "rate";
  /** Prefix of a cancellation key ({@link Cancellation}): {@code cancel/<job id>}. */
  public static final String CANCEL_PREFIX = "cancel/";

  private ControlKey() {}

  /** The key that cancels {@code jobId}; throws when the id is empty. */
  public static String cancel(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    if (jobId.isBlank()) {
      throw new IllegalArgumentException("job id must not be empty");
    }
    return CANCEL_PREFIX + jobId;
  }

  /** The job id a cancellation key names, if {@code key} is one. */
  public static Optional<String> cancelledJobId(String key) {
    return key != null && key.startsWith(CANCEL_PREFIX) && key.length() > CANCEL_PREFIX.length()
        ? Optional.of(key.substring(CANCEL_PREFIX.length()))
        : Optional.empty();
  }
}
