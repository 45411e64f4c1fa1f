package dev.jobpipe.console.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.jobpipe.ledger.internal.LedgerJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hides payload fields from viewers, per job type: {@code TYPE:FIELD} entries, FIELD a dotted path
 * into nested records. A masked field keeps its name and shows {@value #MASK}; operators see the
 * payload whole.
 */
public final class PayloadMask {

  static final String MASK = "***";

  private final Map<String, List<String[]>> byType;

  private PayloadMask(Map<String, List<String[]>> byType) {
    this.byType = byType;
  }

  /** From {@code TYPE:FIELD} entries (validated by the config). */
  public static PayloadMask of(List<String> entries) {
    Map<String, List<String[]>> byType = new HashMap<>();
    for (String e : entries) {
      int colon = e.indexOf(':');
      byType.computeIfAbsent(e.substring(0, colon).strip(), t -> new ArrayList<>())
          .add(e.substring(colon + 1).strip().split("\\."));
    }
    return new PayloadMask(byType);
  }

  /** Whether a viewer sees every field of {@code type}. */
  public boolean masks(String type) {
    return byType.containsKey(type);
  }

  /**
   * {@code json} with the masked fields of {@code type} replaced; unchanged when nothing is masked.
   * A payload that is not a JSON object is hidden whole when the type has masked fields (it cannot
   * be told which part is which).
   */
  public String apply(String type, String json) {
    List<String[]> paths = byType.get(type);
    if (paths == null || json == null) {
      return json;
    }
    JsonNode root;
    try {
      root = LedgerJson.MAPPER.readTree(json);
    } catch (IOException e) {
      return MASK;
    }
    if (!(root instanceof ObjectNode)) {
      return MASK;
    }
    for (String[] path : paths) {
      JsonNode node = root;
      for (int i = 0; i < path.length - 1 && node != null; i++) {
        node = node.get(path[i]);
      }
      if (node instanceof ObjectNode parent && parent.has(path[path.length - 1])) {
        parent.set(path[path.length - 1], TextNode.valueOf(MASK));
      }
    }
    try {
      return LedgerJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      return MASK;
    }
  }
}
