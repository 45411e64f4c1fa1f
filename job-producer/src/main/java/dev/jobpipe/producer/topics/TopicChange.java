package dev.jobpipe.producer.topics;

import dev.jobpipe.schemas.topics.TopicSpec;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One step of a {@link TopicPlan}; {@link #describe()} is the line the CLI prints. */
public sealed interface TopicChange {

  /** The topic this change is about. */
  String topic();

  /** One human-readable line, e.g. {@code alter jobs.email.send.dlq retention.ms: 604800000 -> 2592000000}. */
  String describe();

  /** Create a missing topic. */
  record Create(TopicSpec spec) implements TopicChange {
    @Override
    public String topic() {
      return spec.name();
    }

    @Override
    public String describe() {
      return "create " + spec.name() + " (partitions " + spec.partitions() + ", replication "
          + spec.replicationFactor() + ", " + format(spec.configs()) + ")";
    }
  }

  /** Add partitions to an existing topic; Kafka cannot remove them. */
  record AddPartitions(String topic, int from, int to) implements TopicChange {
    @Override
    public String describe() {
      return "grow " + topic + " partitions " + from + " -> " + to;
    }
  }

  /**
   * Set managed configs of an existing topic to their desired values.
   *
   * @param current the values before, for the keys in {@code desired}
   */
  record AlterConfigs(String topic, Map<String, String> current, Map<String, String> desired) implements TopicChange {
    public AlterConfigs {
      current = new TreeMap<>(current);
      desired = new TreeMap<>(desired);
    }

    @Override
    public String describe() {
      return "alter " + topic + " " + desired.entrySet().stream()
          .map(e -> e.getKey() + ": " + current.getOrDefault(e.getKey(), "(unset)") + " -> " + e.getValue())
          .collect(Collectors.joining(", "));
    }
  }

  private static String format(Map<String, String> configs) {
    return configs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }
}
