package dev.jobpipe.cli.command;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.producer.topics.TopicLayout;
import dev.jobpipe.schemas.RetryDelays;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a topics file, the "topics as code" of {@code deploy/topics/}: optional {@code defaults} and
 * a {@code types} map from job type to {@code partitions}, {@code replicationFactor} and
 * {@code tiers} (a list or a comma-separated string). Unknown keys and bad values are errors that
 * name the file and the key path, so a typo never silently means "default".
 *
 * <pre>
 * defaults:
 *   partitions: 6
 *   tiers: [5s, 30s, 5m]
 * types:
 *   email.send: {}
 *   image.resize:
 *     partitions: 12
 * </pre>
 */
public final class TopicsFile {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP_KEYS = Set.of("defaults", "types");
  private static final Set<String> LAYOUT_KEYS = Set.of("partitions", "replicationFactor", "tiers");

  private TopicsFile() {}

  /** The layouts of every type in {@code file}, in file order. */
  public static List<TopicLayout> read(Path file) {
    JsonNode root;
    try (Reader reader = Files.newBufferedReader(file)) {
      root = YAML.readTree(reader);
    } catch (NoSuchFileException e) {
      throw new UserException("topics file " + file + " does not exist", ExitCodes.USAGE, e);
    } catch (JacksonException e) {
      throw new UserException(file + ": not valid YAML: " + e.getOriginalMessage().replaceAll("\\s+", " ")
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), ExitCodes.USAGE, e);
    } catch (IOException e) {
      throw new UserException("cannot read topics file " + file + ": " + e.getMessage(), ExitCodes.USAGE, e);
    }
    return parse(root, file.toString());
  }

  /** The layouts in an already parsed document; {@code source} names it in errors. */
  static List<TopicLayout> parse(JsonNode root, String source) {
    if (root == null || !root.isObject()) {
      throw error(source, "", "expected a mapping with 'types' (and optionally 'defaults')");
    }
    checkKeys(root, TOP_KEYS, source, "");
    JsonNode defaults = root.path("defaults");
    if (!defaults.isMissingNode() && !defaults.isObject()) {
      throw error(source, "defaults", "expected a mapping");
    }
    if (defaults.isObject()) {
      checkKeys(defaults, LAYOUT_KEYS, source, "defaults.");
    }
    JsonNode types = root.path("types");
    if (!types.isObject() || types.isEmpty()) {
      throw error(source, "types", "expected a mapping of job type to settings, with at least one type");
    }
    List<TopicLayout> layouts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : types.properties()) {
      String type = entry.getKey();
      String path = "types." + type;
      JsonNode settings = entry.getValue();
      if (settings.isNull()) {
        settings = YAML.createObjectNode();
      }
      if (!settings.isObject()) {
        throw error(source, path, "expected a mapping of settings (or {})");
      }
      checkKeys(settings, LAYOUT_KEYS, source, path + ".");
      OptionalInt partitions = positiveInt(settings, defaults, "partitions", source, path);
      OptionalInt replication = positiveInt(settings, defaults, "replicationFactor", source, path);
      List<Duration> tiers = tiers(settings, defaults, source, path);
      try {
        layouts.add(new TopicLayout(type, partitions, replication, tiers));
      } catch (IllegalArgumentException e) {
        throw error(source, path, e.getMessage());
      }
    }
    return layouts;
  }

  private static OptionalInt positiveInt(JsonNode settings, JsonNode defaults, String key, String source, String path) {
    JsonNode value = settings.has(key) ? settings.get(key) : defaults.path(key);
    String at = (settings.has(key) ? path : "defaults") + "." + key;
    if (value.isMissingNode() || value.isNull()) {
      return OptionalInt.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
      throw error(source, at, "expected a positive integer, got " + value);
    }
    return OptionalInt.of(value.intValue());
  }

  private static List<Duration> tiers(JsonNode settings, JsonNode defaults, String source, String path) {
    JsonNode value = settings.has("tiers") ? settings.get("tiers") : defaults.path("tiers");
    String at = (settings.has("tiers") ? path : "defaults") + ".tiers";
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    try {
      if (value.isTextual()) {
        return RetryDelays.parseList(value.textValue());
      }
      if (value.isArray()) {
        List<Duration> tiers = new ArrayList<>();
        for (JsonNode tier : value) {
          if (!tier.isTextual()) {
            throw new IllegalArgumentException("expected delays such as 5s, got " + tier);
          }
          tiers.add(RetryDelays.parse(tier.textValue()));
        }
        return tiers;
      }
    } catch (IllegalArgumentException e) {
      throw error(source, at, e.getMessage());
    }
    throw error(source, at, "expected a list of delays such as [5s, 30s, 5m]");
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String source, String prefix) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw error(source, prefix + name, "unknown key (expected one of " + allowed.stream().sorted().toList() + ")");
      }
    }
  }

  private static UserException error(String source, String path, String message) {
    return new UserException(source + (path.isEmpty() ? "" : ": " + path) + ": " + message, ExitCodes.USAGE, null);
  }
}
