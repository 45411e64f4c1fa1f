package dev.jobpipe.dlq;

import java.util.Map;
import java.util.TreeMap;

/**
 * A consumer-group rewind: per partition of the topic, the committed offset now (absent when the
 * group has none there) and the offset it will be set to.
 */
public record ResetPlan(String group, String topic, Map<Integer, Long> committed, Map<Integer, Long> target) {

  public ResetPlan {
    committed = Map.copyOf(committed);
    target = new TreeMap<>(target);
  }

  /** How many records the group will process again, over partitions where it had committed offsets. */
  public long rewound() {
    long n = 0;
    for (Map.Entry<Integer, Long> e : target.entrySet()) {
      Long now = committed.get(e.getKey());
      if (now != null && now > e.getValue()) {
        n += now - e.getValue();
      }
    }
    return n;
  }
}
