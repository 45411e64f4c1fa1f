package dev.jobpipe.router.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;

/**
 * Reads a retry policy file into flat {@code policy.*} keys: a {@code .yaml}/{@code .yml} file as
 * YAML, whose nested maps are joined with dots and whose lists of scalars become comma-separated
 * values, anything else as Java properties. Both forms then go through one validation path.
 */
public final class PolicyFiles {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private PolicyFiles() {}

  /** The flat keys of {@code file}; a {@link ConfigException} naming the file when unreadable or malformed. */
  public static Map<String, String> read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      return name.endsWith(".yaml") || name.endsWith(".yml") ? readYaml(file) : readProperties(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read policy file " + file + ": " + firstLine(e.getMessage()));
    }
  }

  private static Map<String, String> readProperties(Path file) throws IOException {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      props.load(reader);
    }
    Map<String, String> keys = new LinkedHashMap<>();
    props.stringPropertyNames().stream().sorted().forEach(k -> keys.put(k.trim(), props.getProperty(k).trim()));
    return keys;
  }

  private static Map<String, String> readYaml(Path file) throws IOException {
    JsonNode root;
    try (Reader reader = Files.newBufferedReader(file)) {
      root = YAML.readTree(reader);
    }
    Map<String, String> keys = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return keys;
    }
    if (!root.isObject()) {
      throw new ConfigException("policy file " + file + " must hold a map of policy keys, e.g. policy: {default: {tiers: 5s,30s}}");
    }
    flatten("", root, keys, file);
    return keys;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
    if (node.isObject()) {
      node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out, file));
    } else if (node.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : node) {
        if (!item.isValueNode() || item.isNull()) {
          throw new ConfigException(prefix, item.toString(), "a list in policy file " + file + " may hold only plain values");
        }
        items.add(item.asText());
      }
      out.put(prefix, String.join(",", items));
    } else if (node.isNull()) {
      throw new ConfigException(prefix, null, "no value in policy file " + file);
    } else {
      out.put(prefix, node.asText().trim());
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
