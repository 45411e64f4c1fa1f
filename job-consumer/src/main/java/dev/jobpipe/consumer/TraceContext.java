package dev.jobpipe.consumer;

import dev.jobpipe.schemas.TraceParent;
import java.util.Optional;

/**
 * The W3C trace context of a job ({@code traceparent: 00-<trace id>-<parent span id>-<flags>}), so a
 * handler can continue the publisher's trace and logs can carry the trace id. The worker passes the
 * header on unchanged; this is only its parsed form (parsed by {@link TraceParent}, the one parser).
 *
 * @param traceparent the header value as received
 * @param traceId 32 lower-case hex digits
 * @param spanId 16 lower-case hex digits: the publisher's span, the parent of the handler's work
 * @param sampled whether the publisher sampled the trace (flag bit 0)
 */
public record TraceContext(String traceparent, String traceId, String spanId, boolean sampled) {

  /**
   * Parses a {@code traceparent} header value; empty when it is malformed, uses the invalid
   * all-zero ids, or has version {@code ff}, as the W3C specification requires.
   */
  public static Optional<TraceContext> parse(String traceparent) {
    return TraceParent.parse(traceparent).map(p -> new TraceContext(p.value(), p.traceId(), p.spanId(), p.sampled()));
  }
}
