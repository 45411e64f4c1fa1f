package dev.jobpipe.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.RetryDelays;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A recurring job definition, as kept on the compacted {@code jobpipe.cron} topic (key = name,
 * value = {@link #toJson()}). Each fire becomes a job of {@link #type()} with id
 * {@code NAME@<fire time ISO-8601>} ({@link #fireId}), so the same fire is recognisable however
 * often it is computed.
 *
 * @param name unique schedule name, {@code [A-Za-z0-9][A-Za-z0-9._-]{0,200}}
 * @param type the job type of the fires
 * @param cron a cron expression (5 fields, or 6 with seconds), or null when {@code every} is set
 * @param every a fixed interval (at least 1 s), or null when {@code cron} is set
 * @param zone the time zone the cron expression is read in (DST included)
 * @param payload the payload as JSON text, converted to the type's Avro schema when applied
 * @param key the ordering key of every fire on {@code jobs.T}, or null for the fire id
 * @param value the payload encoded in the Confluent wire format (set when applied), or null
 */
public record CronSchedule(
    String name,
    String type,
    String cron,
    Duration every,
    ZoneId zone,
    String payload,
    String key,
    MisfirePolicy misfire,
    OverlapPolicy overlap,
    boolean enabled,
    byte[] value) {

  public static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
  private static final ObjectMapper JSON = new ObjectMapper();

  public CronSchedule {
    if (name == null || !NAME_PATTERN.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid schedule name '" + name + "': must match " + NAME_PATTERN.pattern());
    }
    try {
      JobTopics.validateType(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("schedule " + name + ": " + e.getMessage(), e);
    }
    if ((cron == null) == (every == null)) {
      throw new IllegalArgumentException("schedule " + name + ": set exactly one of cron and every");
    }
    if (zone == null) {
      zone = ZoneId.of("UTC");
    }
    if (payload == null) {
      throw new IllegalArgumentException("schedule " + name + ": payload is required");
    }
    misfire = misfire == null ? MisfirePolicy.SKIP : misfire;
    overlap = overlap == null ? OverlapPolicy.ALLOW : overlap;
    try {
      fireTimes(cron, every, zone);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("schedule " + name + ": " + e.getMessage(), e);
    }
  }

  private static FireTimes fireTimes(String cron, Duration every, ZoneId zone) {
    return cron != null ? FireTimes.cron(cron, zone) : FireTimes.every(every);
  }

  /** The schedule's fire times. */
  public FireTimes fireTimes() {
    return fireTimes(cron, every, zone);
  }

  /** The next {@code count} fire times strictly after {@code after}. */
  public List<Instant> nextFireTimes(Instant after, int count) {
    FireTimes times = fireTimes();
    List<Instant> out = new ArrayList<>(count);
    Instant t = after;
    while (out.size() < count) {
      Optional<Instant> next = times.next(t);
      if (next.isEmpty()) {
        break;
      }
      t = next.get();
      out.add(t);
    }
    return out;
  }

  /** The job id of the fire of schedule {@code name} at {@code fireTime}: {@code NAME@<ISO-8601 instant>}. */
  public static String fireId(String name, Instant fireTime) {
    return dev.jobpipe.schemas.JobIds.scheduled(name, fireTime);
  }

  /** How the fire times are given: the cron expression with its zone, or {@code every <interval>}. */
  public String describeTimes() {
    return cron != null ? "cron '" + cron + "' " + zone.getId() : "every " + RetryDelays.format(every);
  }

  public CronSchedule withValue(byte[] encoded) {
    return new CronSchedule(name, type, cron, every, zone, payload, key, misfire, overlap, enabled, encoded);
  }

  public CronSchedule withEnabled(boolean on) {
    return new CronSchedule(name, type, cron, every, zone, payload, key, misfire, overlap, on, value);
  }

  /** The value of this schedule's record on {@code jobpipe.cron}: JSON, payload encoded in base64. */
  public byte[] toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", name);
    node.put("type", type);
    if (cron != null) {
      node.put("cron", cron);
    } else {
      node.put("every", RetryDelays.format(every));
    }
    node.put("zone", zone.getId());
    node.put("payload", payload);
    if (key != null) {
      node.put("key", key);
    }
    node.put("misfire", misfire.toString());
    node.put("overlap", overlap.toString());
    node.put("enabled", enabled);
    if (value != null) {
      node.put("value", Base64.getEncoder().encodeToString(value));
    }
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a {@code jobpipe.cron} record value; throws {@link IllegalArgumentException} naming what is wrong. */
  public static CronSchedule fromJson(byte[] json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("schedule record is not JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("schedule record is not a JSON object");
    }
    return new CronSchedule(
        text(node, "name"), text(node, "type"), text(node, "cron"),
        node.hasNonNull("every") ? RetryDelays.parse(text(node, "every")) : null,
        zone(text(node, "zone")),
        text(node, "payload"), text(node, "key"),
        node.hasNonNull("misfire") ? MisfirePolicy.parse(text(node, "misfire")) : null,
        OverlapPolicy.parse(text(node, "overlap")),
        !node.hasNonNull("enabled") || node.get("enabled").asBoolean(),
        node.hasNonNull("value") ? Base64.getDecoder().decode(text(node, "value")) : null);
  }

  /** A time zone id; throws {@link IllegalArgumentException} naming an unknown one. */
  public static ZoneId zone(String id) {
    if (id == null) {
      return null;
    }
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone '" + id + "'", e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronSchedule other && java.util.Arrays.equals(toJson(), other.toJson());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(toJson());
  }

  @Override
  public String toString() {
    return "CronSchedule[" + name + ": " + type + ", " + describeTimes() + (enabled ? "" : ", paused") + "]";
  }
}
