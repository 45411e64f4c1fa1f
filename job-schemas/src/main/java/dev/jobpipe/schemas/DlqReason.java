package dev.jobpipe.schemas;

import java.util.Locale;
import java.util.Optional;

/** Why a job ended in {@code jobs.T.dlq}; the value of the {@code jobpipe.dlq.reason} header. */
public enum DlqReason {
  /** Every allowed attempt failed. */
  EXHAUSTED,
  /** The handler threw a terminal exception, or one classified as fatal: retrying cannot help. */
  FATAL,
  /** The value could not be decoded (bad magic byte, unknown schema id, corrupt Avro, null). */
  UNDECODABLE,
  /** The job outlived its expiry before it could succeed. */
  EXPIRED;

  /** Parses a header value case-insensitively; empty for anything else. */
  public static Optional<DlqReason> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
