package dev.jobpipe.bench.contender;

import dev.jobpipe.schemas.JobTopics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a child JVM is asked to do: which contender consumes which topic with which group, how many
 * records to expect, the work per job, and the concurrency. Passed as {@code key=value} arguments.
 *
 * @param contender {@code jobpipe}, {@code jobpipe-nodone} (done events off), {@code plain}, {@code spring} or
 *     {@code pc}
 * @param bootstrapServers the broker
 * @param registryUrl the schema registry (for jobpipe's Avro decoding)
 * @param type the job type; the topic is {@code jobs.<type>}
 * @param group a consumer group of this run alone, so it starts at the beginning of the topic
 * @param expected records to complete before the clock stops
 * @param workload the work per job
 * @param concurrency the contender's concurrency setting; 0 for its default
 * @param timeoutSeconds how long the run may take before it is given up
 * @param warmupType a job type whose topic the contender consumes first, unmeasured, so that the
 *     measured run sees JIT-compiled code as a long-running consumer would; null for none
 * @param warmupRecords how many records of the warm-up topic to complete first (0 with no warm-up)
 */
public record ConsumeSpec(
    String contender,
    String bootstrapServers,
    String registryUrl,
    String type,
    String group,
    long expected,
    Workload workload,
    int concurrency,
    int timeoutSeconds,
    String warmupType,
    long warmupRecords) {

  public static final List<String> CONTENDERS = List.of("jobpipe", "jobpipe-nodone", "plain", "spring", "pc");

  public ConsumeSpec {
    Objects.requireNonNull(contender, "contender");
    if (!CONTENDERS.contains(contender)) {
      throw new IllegalArgumentException("contender must be one of " + CONTENDERS + ", got '" + contender + "'");
    }
    Objects.requireNonNull(bootstrapServers, "bootstrap");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(workload, "workload");
    if (expected < 1) {
      throw new IllegalArgumentException("expected must be at least 1, got " + expected);
    }
    if (concurrency < 0 || timeoutSeconds < 1) {
      throw new IllegalArgumentException("concurrency must be >= 0 and timeout >= 1 s");
    }
    if ((warmupType == null) != (warmupRecords == 0) || warmupRecords < 0) {
      throw new IllegalArgumentException("a warm-up needs both a type and a positive record count, got "
          + warmupType + " and " + warmupRecords);
    }
  }

  /** The same contender and settings on the warm-up topic, in a group of its own; empty without a warm-up. */
  public java.util.Optional<ConsumeSpec> warmup() {
    return warmupType == null ? java.util.Optional.empty() : java.util.Optional.of(new ConsumeSpec(contender,
        bootstrapServers, registryUrl, warmupType, group + "-warmup", warmupRecords, workload, concurrency,
        timeoutSeconds, null, 0));
  }

  /** The same spec in group {@code group}: another pass over the same topic from its start. */
  public ConsumeSpec withGroup(String group) {
    return new ConsumeSpec(contender, bootstrapServers, registryUrl, type, group, expected, workload, concurrency,
        timeoutSeconds, warmupType, warmupRecords);
  }

  public String topic() {
    return JobTopics.of(type).main();
  }

  /** The arguments that {@link #parse(String[])} reads back. */
  public List<String> toArgs() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("contender", contender);
    m.put("bootstrap", bootstrapServers);
    m.put("registry", registryUrl == null ? "" : registryUrl);
    m.put("type", type);
    m.put("group", group);
    m.put("expected", Long.toString(expected));
    m.put("workload", workload.name());
    m.put("concurrency", Integer.toString(concurrency));
    m.put("timeout", Integer.toString(timeoutSeconds));
    m.put("warmupType", warmupType == null ? "" : warmupType);
    m.put("warmupRecords", Long.toString(warmupRecords));
    return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }

  /** Reads {@code key=value} arguments; a missing or malformed one fails naming it. */
  public static ConsumeSpec parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'");
      }
      m.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    String registry = m.getOrDefault("registry", "");
    return new ConsumeSpec(required(m, "contender"), required(m, "bootstrap"), registry.isEmpty() ? null : registry,
        required(m, "type"), required(m, "group"), Long.parseLong(required(m, "expected")),
        Workload.valueOf(required(m, "workload")), Integer.parseInt(required(m, "concurrency")),
        Integer.parseInt(required(m, "timeout")),
        m.getOrDefault("warmupType", "").isEmpty() ? null : m.get("warmupType"),
        Long.parseLong(m.getOrDefault("warmupRecords", "0")));
  }

  private static String required(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing argument " + key + "=...");
    }
    return v;
  }
}
