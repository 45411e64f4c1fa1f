package dev.jobpipe.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.RetryDelays;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Recurring schedules in their two forms: a YAML file ({@code deploy/schedules.yaml}) that
 * {@code jobpipe cron apply} reads, and the compacted {@code jobpipe.cron} topic.
 *
 * <pre>
 * schedules:
 *   - name: nightly-report          # required, unique
 *     type: report.generate         # required: the job type
 *     cron: "0 2 * * *"             # or every: 30s (exactly one)
 *     zone: Europe/Berlin           # default UTC
 *     payload: {accountId: acme}    # required: the job payload (JSON/YAML object)
 *     key: reports                  # optional ordering key of every fire
 *     misfire: run-once             # skip (default) | run-once | catch-up(N)
 *     overlap: skip                 # allow (default) | skip: not while the previous fire has not ended
 *     enabled: true                 # default true
 * </pre>
 */
public final class CronSchedules {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS =
      Set.of("name", "type", "cron", "every", "zone", "payload", "key", "misfire", "overlap", "enabled");

  private CronSchedules() {}

  /**
   * Parses a schedules file; throws {@link IllegalArgumentException} with one line naming the
   * schedule and what is wrong with it. Payloads are not checked against their schemas here.
   */
  public static List<CronSchedule> parseYaml(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (root == null || !root.path("schedules").isArray()) {
      throw new IllegalArgumentException("expected a top-level 'schedules:' list");
    }
    List<CronSchedule> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode node : root.get("schedules")) {
      index++;
      String label = "schedule #" + index + (node.hasNonNull("name") ? " (" + node.get("name").asText() + ")" : "");
      try {
        CronSchedule schedule = parseOne(node);
        if (!names.add(schedule.name())) {
          throw new IllegalArgumentException("name " + schedule.name() + " is used twice");
        }
        out.add(schedule);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static CronSchedule parseOne(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("must be a mapping of name, type, cron or every, payload, ...");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException("unknown field '" + field + "' (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
      }
    }
    JsonNode payload = node.get("payload");
    if (payload == null || !payload.isObject()) {
      throw new IllegalArgumentException("payload must be an object (the job's payload as JSON or YAML)");
    }
    String payloadJson;
    try {
      payloadJson = JSON.writeValueAsString(payload);
    } catch (IOException e) {
      throw new IllegalArgumentException("payload cannot be written as JSON: " + e.getMessage(), e);
    }
    Duration every = null;
    if (node.hasNonNull("every")) {
      every = RetryDelays.parse(node.get("every").asText());
    }
    JsonNode enabled = node.get("enabled");
    if (enabled != null && !enabled.isBoolean()) {
      throw new IllegalArgumentException("enabled must be true or false");
    }
    return new CronSchedule(
        text(node, "name"), text(node, "type"), text(node, "cron"), every,
        CronSchedule.zone(text(node, "zone")), payloadJson, text(node, "key"),
        node.hasNonNull("misfire") ? MisfirePolicy.parse(text(node, "misfire")) : null,
        OverlapPolicy.parse(text(node, "overlap")),
        enabled == null || enabled.asBoolean(), null);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /**
   * The current definitions on {@code jobpipe.cron} by name (tombstoned ones dropped, unreadable
   * ones skipped), read from the beginning to the end offsets without a consumer group. Empty when
   * the topic does not exist.
   */
  public static Map<String, CronSchedule> read(Map<String, Object> clientProperties, Duration timeout) {
    Map<String, Object> props = TopicScan.consumerProperties(clientProperties);
    Map<String, byte[]> latest = new LinkedHashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      for (ConsumerRecord<byte[], byte[]> r : TopicScan.readToEnd(consumer, JobTopics.CRON, timeout)) {
        if (r.key() == null) {
          continue;
        }
        String name = new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
          latest.remove(name);
        } else {
          latest.put(name, r.value());
        }
      }
    }
    Map<String, CronSchedule> out = new java.util.TreeMap<>();
    latest.forEach((name, value) -> {
      try {
        out.put(name, CronSchedule.fromJson(value));
      } catch (IllegalArgumentException e) {
        // a definition the scheduler ignores too; listing the rest is more useful than failing
      }
    });
    return out;
  }
}
