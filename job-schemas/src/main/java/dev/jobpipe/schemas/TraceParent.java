package dev.jobpipe.schemas;

import java.util.Optional;

/**
 * A W3C Trace Context {@code traceparent} value ({@code version-traceid-parentid-flags}, lower-case
 * hex), the only parser of it: a publisher refuses a malformed one ({@link #validate}) instead of
 * confusing every tracer downstream, and a worker reads one leniently ({@link #parse}), because a
 * header from a foreign client must never make a job unreadable.
 *
 * @param value the header value as validated
 * @param traceId 32 lower-case hex digits
 * @param spanId 16 lower-case hex digits: the sender's span
 * @param sampled whether the sender sampled the trace (flag bit 0)
 */
public record TraceParent(String value, String traceId, String spanId, boolean sampled) {

  private static final int VERSION_00_LENGTH = 55;

  /** The parsed value, or empty when {@link #validate} would refuse it (surrounding blanks are trimmed). */
  public static Optional<TraceParent> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String trimmed = value.trim();
    return problem(trimmed) == null ? Optional.of(of(trimmed)) : Optional.empty();
  }

  /**
   * Returns {@code value} when it is a valid traceparent, else throws {@link IllegalArgumentException}
   * saying what is wrong. Version {@code 00} must be exactly 55 characters; a later version may carry
   * more fields after a dash (as the spec asks parsers to accept); version {@code ff}, an all-zero
   * trace id and an all-zero parent id are invalid.
   */
  public static String validate(String value) {
    if (value == null) {
      throw new IllegalArgumentException("traceparent is null");
    }
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException("invalid traceparent '" + value + "': " + problem);
    }
    return value;
  }

  private static TraceParent of(String value) {
    boolean sampled = (Integer.parseInt(value.substring(53, 55), 16) & 1) == 1;
    return new TraceParent(value, value.substring(3, 35), value.substring(36, 52), sampled);
  }

  /** What is wrong with {@code value}, or null when nothing is. */
  private static String problem(String value) {
    if (value.length() < VERSION_00_LENGTH) {
      return "too short, expected version-traceid-parentid-flags (55 characters)";
    }
    if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
      return "expected 2-32-16-2 hex digits separated by '-'";
    }
    if (!isHex(value, 0, 2) || !isHex(value, 3, 35) || !isHex(value, 36, 52) || !isHex(value, 53, 55)) {
      return "fields must be lower-case hex digits";
    }
    String version = value.substring(0, 2);
    if (version.equals("ff")) {
      return "version ff is forbidden";
    }
    if (version.equals("00") && value.length() != VERSION_00_LENGTH) {
      return "version 00 must be exactly 55 characters";
    }
    if (value.length() > VERSION_00_LENGTH && value.charAt(VERSION_00_LENGTH) != '-') {
      return "unexpected characters after the flags";
    }
    if (isZero(value, 3, 35)) {
      return "trace id is all zeros";
    }
    if (isZero(value, 36, 52)) {
      return "parent id is all zeros";
    }
    return null;
  }

  private static boolean isHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
