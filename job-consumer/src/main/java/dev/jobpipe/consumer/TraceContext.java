package dev.jobpipe.consumer;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The W3C trace context of a job ({@code traceparent: 00-<trace id>-<parent span id>-<flags>}), so a
 * handler can continue the publisher's trace and logs can carry the trace id. The worker passes the
 * header on unchanged; this is only its parsed form.
 *
 * @param traceparent the header value as received
 * @param traceId 32 lower-case hex digits
 * @param spanId 16 lower-case hex digits: the publisher's span, the parent of the handler's work
 * @param sampled whether the publisher sampled the trace (flag bit 0)
 */
public record TraceContext(String traceparent, String traceId, String spanId, boolean sampled) {

  private static final Pattern TRACEPARENT =
      Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");
  private static final String INVALID_TRACE_ID = "0".repeat(32);
  private static final String INVALID_SPAN_ID = "0".repeat(16);

  /**
   * Parses a {@code traceparent} header value; empty when it is malformed, uses the invalid
   * all-zero ids, or has version {@code ff}, as the W3C specification requires.
   */
  public static Optional<TraceContext> parse(String traceparent) {
    if (traceparent == null) {
      return Optional.empty();
    }
    String value = traceparent.trim();
    if (!TRACEPARENT.matcher(value).matches() || value.startsWith("ff")
        || (value.startsWith("00") && value.length() != 55)) {
      return Optional.empty();
    }
    String traceId = value.substring(3, 35);
    String spanId = value.substring(36, 52);
    if (traceId.equals(INVALID_TRACE_ID) || spanId.equals(INVALID_SPAN_ID)) {
      return Optional.empty();
    }
    boolean sampled = (Integer.parseInt(value.substring(53, 55), 16) & 1) == 1;
    return Optional.of(new TraceContext(value, traceId, spanId, sampled));
  }
}
