package dev.jobpipe.producer.internal;

/**
 * Validation of W3C Trace Context {@code traceparent} values
 * ({@code version-traceid-parentid-flags}, lower-case hex), so that a malformed value is refused
 * when the job is published instead of confusing every tracer downstream.
 */
public final class TraceParents {

  private static final int VERSION_00_LENGTH = 55;

  private TraceParents() {}

  /**
   * Returns {@code value} when it is a valid traceparent, else throws
   * {@link IllegalArgumentException} saying what is wrong. Version {@code 00} must be exactly 55
   * characters; a later version may carry more fields after a dash (as the spec asks parsers to
   * accept); version {@code ff}, an all-zero trace id and an all-zero parent id are invalid.
   */
  public static String validate(String value) {
    if (value == null) {
      throw new IllegalArgumentException("traceparent is null");
    }
    if (value.length() < VERSION_00_LENGTH) {
      throw invalid(value, "too short, expected version-traceid-parentid-flags (55 characters)");
    }
    if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
      throw invalid(value, "expected 2-32-16-2 hex digits separated by '-'");
    }
    if (!isHex(value, 0, 2) || !isHex(value, 3, 35) || !isHex(value, 36, 52) || !isHex(value, 53, 55)) {
      throw invalid(value, "fields must be lower-case hex digits");
    }
    String version = value.substring(0, 2);
    if (version.equals("ff")) {
      throw invalid(value, "version ff is forbidden");
    }
    if (version.equals("00") && value.length() != VERSION_00_LENGTH) {
      throw invalid(value, "version 00 must be exactly 55 characters");
    }
    if (value.length() > VERSION_00_LENGTH && value.charAt(VERSION_00_LENGTH) != '-') {
      throw invalid(value, "unexpected characters after the flags");
    }
    if (isZero(value, 3, 35)) {
      throw invalid(value, "trace id is all zeros");
    }
    if (isZero(value, 36, 52)) {
      throw invalid(value, "parent id is all zeros");
    }
    return value;
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

  private static IllegalArgumentException invalid(String value, String why) {
    return new IllegalArgumentException("invalid traceparent '" + value + "': " + why);
  }
}
