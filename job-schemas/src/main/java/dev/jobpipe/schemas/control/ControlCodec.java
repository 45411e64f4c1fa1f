package dev.jobpipe.schemas.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Encodes and decodes the values of {@code jobs.T.control}: one UTF-8 JSON object per record, times
 * in epoch milliseconds (as jobpipe's headers), so a script in any language can write one:
 *
 * <pre>
 * paused        {"paused": true, "by": "alice", "at": 1764928800000, "reason": "deploy"}
 * rate          {"perSecond": 50.0, "by": "alice", "at": 1764928800000}     ("perSecond": null = no limit)
 * cancel/&lt;id&gt;   {"expiresAt": 1765533600000, "by": "alice", "at": 1764928800000, "reason": "duplicate"}
 * </pre>
 *
 * <p>{@code reason} is optional everywhere; unknown fields are ignored (a newer writer may add some).
 * A tombstone (null value) removes the key.
 */
public final class ControlCodec {

  static final String F_PAUSED = "paused";
  static final String F_PER_SECOND = "perSecond";
  static final String F_EXPIRES_AT = "expiresAt";
  static final String F_BY = "by";
  static final String F_AT = "at";
  static final String F_REASON = "reason";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ControlCodec() {}

  /** The record value of {@code entry}. */
  public static byte[] encode(ControlEntry entry) {
    ObjectNode node = JSON.createObjectNode();
    switch (entry) {
      case PauseState p -> node.put(F_PAUSED, p.paused());
      case RateLimit r -> node.put(F_PER_SECOND, r.perSecond());
      case Cancellation c -> node.put(F_EXPIRES_AT, c.expiresAt().toEpochMilli());
    }
    node.put(F_BY, entry.by());
    node.put(F_AT, entry.at().toEpochMilli());
    if (entry.reason() != null) {
      node.put(F_REASON, entry.reason());
    }
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + entry, e);
    }
  }

  /**
   * The entry a record holds; throws {@link IllegalArgumentException} with a one-line message when the
   * key is not a control key or the value does not fit it. {@code value} must not be a tombstone.
   */
  public static ControlEntry decode(String key, byte[] value) {
    if (value == null) {
      throw new IllegalArgumentException("tombstone for '" + key + "' has no entry");
    }
    JsonNode node;
    try {
      node = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value of '" + key + "' is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("value of '" + key + "' cannot be read: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("value of '" + key + "' is not a JSON object: "
          + new String(value, StandardCharsets.UTF_8));
    }
    String by = text(node, key, F_BY, true);
    Instant at = Instant.ofEpochMilli(millis(node, key, F_AT));
    String reason = text(node, key, F_REASON, false);
    if (ControlKey.PAUSED.equals(key)) {
      JsonNode paused = node.get(F_PAUSED);
      if (paused == null || !paused.isBoolean()) {
        throw new IllegalArgumentException("'" + key + "' needs a boolean '" + F_PAUSED + "'");
      }
      return new PauseState(paused.booleanValue(), by, at, reason);
    }
    if (ControlKey.RATE.equals(key)) {
      JsonNode rate = node.get(F_PER_SECOND);
      if (rate != null && !rate.isNull() && !rate.isNumber()) {
        throw new IllegalArgumentException("'" + key + "' needs a number or null '" + F_PER_SECOND + "'");
      }
      return new RateLimit(rate == null || rate.isNull() ? null : rate.doubleValue(), by, at, reason);
    }
    String jobId = ControlKey.cancelledJobId(key)
        .orElseThrow(() -> new IllegalArgumentException("'" + key + "' is not a control key"));
    return new Cancellation(jobId, Instant.ofEpochMilli(millis(node, key, F_EXPIRES_AT)), by, at, reason);
  }

  private static String text(JsonNode node, String key, String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException("'" + key + "' needs a string '" + field + "'");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("'" + key + "': '" + field + "' must be a string");
    }
    return v.textValue();
  }

  private static long millis(JsonNode node, String key, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("'" + key + "' needs '" + field + "' in epoch milliseconds");
    }
    return v.longValue();
  }
}
