package dev.jobpipe.router;

import dev.jobpipe.router.internal.PolicyFiles;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.RetryDelays;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The retry policy of every job type: one default policy plus per-type overrides, read from flat
 * keys {@code policy.<entry>.<setting>} where {@code <entry>} is {@value #DEFAULT_ENTRY} or a job
 * type (which may itself contain dots, e.g. {@code policy.email.send.max.attempts}).
 *
 * <p>Settings: {@value #MAX_ATTEMPTS} (int ≥ 1), {@value #TIERS} (e.g. {@code 5s,30s,5m}),
 * {@value #JITTER} (fraction in [0, 1)), {@value #FATAL_EXCEPTIONS} (comma-separated class names),
 * {@value #EXPIRY} (a duration such as {@code 1h}). A type inherits every setting it does not name
 * from the default entry, which inherits from {@link RetryPolicy#defaults()}. When no layer names
 * {@value #MAX_ATTEMPTS}, it is the entry's tier count + 1.
 *
 * <p>The keys come from a {@code .properties} file or a YAML file (nested maps are joined with dots,
 * lists with commas), then from overrides such as command-line flags, which win over the file for
 * the same key. Any invalid or unknown key fails with a {@link ConfigException} naming it, so a bad
 * policy stops the router at start rather than misroute jobs.
 */
public final class RetryPolicies {

  public static final String PREFIX = "policy.";
  /** The entry every type inherits from; a job type literally named {@code default} uses it too. */
  public static final String DEFAULT_ENTRY = "default";
  public static final String MAX_ATTEMPTS = "max.attempts";
  public static final String TIERS = "tiers";
  public static final String JITTER = "jitter";
  public static final String FATAL_EXCEPTIONS = "fatal.exceptions";
  public static final String EXPIRY = "expiry";

  private static final List<String> SETTINGS = List.of(MAX_ATTEMPTS, FATAL_EXCEPTIONS, TIERS, JITTER, EXPIRY);
  private static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
          + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");

  private final RetryPolicy defaults;
  private final Map<String, RetryPolicy> byType;

  private RetryPolicies(RetryPolicy defaults, Map<String, RetryPolicy> byType) {
    this.defaults = defaults;
    this.byType = Map.copyOf(byType);
  }

  /** {@link RetryPolicy#defaults()} for every type. */
  public static RetryPolicies defaultsOnly() {
    return new RetryPolicies(RetryPolicy.defaults(), Map.of());
  }

  /** {@code defaults} for every type not in {@code byType}. */
  public static RetryPolicies of(RetryPolicy defaults, Map<String, RetryPolicy> byType) {
    byType.keySet().forEach(JobTopics::validateType);
    return new RetryPolicies(defaults, byType);
  }

  /**
   * Reads {@code file} ({@code .yaml}/{@code .yml} as YAML, anything else as properties; may be
   * null for none) and applies {@code overrides} on top. Throws {@link ConfigException} naming the
   * file when it cannot be read, or the key when a value is invalid.
   */
  public static RetryPolicies load(Path file, Map<String, String> overrides) {
    Map<String, String> keys = new LinkedHashMap<>();
    if (file != null) {
      keys.putAll(PolicyFiles.read(file));
    }
    keys.putAll(overrides);
    return parse(keys);
  }

  /** Builds the policies from flat {@code policy.*} keys; throws {@link ConfigException} naming a bad key. */
  public static RetryPolicies parse(Map<String, String> keys) {
    Map<String, Map<String, String>> entries = new TreeMap<>();
    keys.forEach((key, value) -> {
      String[] entryAndSetting = split(key, value);
      entries.computeIfAbsent(entryAndSetting[0], e -> new LinkedHashMap<>()).put(key, value);
    });

    Map<String, Object> defaultValues = parseEntry(DEFAULT_ENTRY, entries.getOrDefault(DEFAULT_ENTRY, Map.of()));
    RetryPolicy defaults = build(DEFAULT_ENTRY, defaultValues, RetryPolicy.defaults(), false);
    boolean defaultMaxExplicit = defaultValues.get(MAX_ATTEMPTS) != null;

    Map<String, RetryPolicy> byType = new LinkedHashMap<>();
    entries.forEach((entry, entryKeys) -> {
      if (!entry.equals(DEFAULT_ENTRY)) {
        byType.put(entry, build(entry, parseEntry(entry, entryKeys), defaults, defaultMaxExplicit));
      }
    });
    return new RetryPolicies(defaults, byType);
  }

  /** The policy of {@code type}: its own entry, or the default. */
  public RetryPolicy forType(String type) {
    return byType.getOrDefault(type, defaults);
  }

  public RetryPolicy defaults() {
    return defaults;
  }

  /** The types that have an entry of their own. */
  public Map<String, RetryPolicy> overrides() {
    return byType;
  }

  /** Every tier delay of any policy, so the router can make sure their topics exist. */
  public Set<Duration> allTiers() {
    Set<Duration> all = new LinkedHashSet<>(defaults.tiers());
    byType.values().forEach(p -> all.addAll(p.tiers()));
    return all;
  }

  /** The key for {@code setting} of {@code entry}, e.g. {@code policy.email.send.max.attempts}. */
  public static String key(String entry, String setting) {
    return PREFIX + entry + "." + setting;
  }

  @Override
  public String toString() {
    return "RetryPolicies[default=" + defaults + ", types=" + byType + "]";
  }

  /** {@code [entry, setting]} of a key, or a {@link ConfigException} naming the key. */
  private static String[] split(String key, String value) {
    if (key.startsWith(PREFIX)) {
      String rest = key.substring(PREFIX.length());
      for (String setting : SETTINGS) {
        if (rest.endsWith("." + setting) && rest.length() > setting.length() + 1) {
          String entry = rest.substring(0, rest.length() - setting.length() - 1);
          if (!entry.equals(DEFAULT_ENTRY)) {
            try {
              JobTopics.validateType(entry);
            } catch (IllegalArgumentException e) {
              throw new ConfigException(key, value, e.getMessage());
            }
          }
          return new String[] {entry, setting};
        }
      }
    }
    throw new ConfigException(key, value,
        "unknown policy key; expected policy.<default|type>.<" + String.join("|", SETTINGS) + ">");
  }

  /** Parses and validates one entry's keys with a {@link ConfigDef} of that entry's key names. */
  private static Map<String, Object> parseEntry(String entry, Map<String, String> entryKeys) {
    ConfigDef def = new ConfigDef()
        .define(key(entry, MAX_ATTEMPTS), Type.INT, null, optional(ConfigDef.Range.atLeast(1)),
            Importance.HIGH, "Attempts in all, the first included.")
        .define(key(entry, TIERS), Type.STRING, null, optional(RetryPolicies::validateTiers),
            Importance.HIGH, "Retry tier delays, e.g. 5s,30s,5m.")
        .define(key(entry, JITTER), Type.DOUBLE, null, optional(RetryPolicies::validateJitter),
            Importance.MEDIUM, "Fraction in [0, 1) by which a retry delay is varied either way.")
        .define(key(entry, FATAL_EXCEPTIONS), Type.STRING, null, optional(RetryPolicies::validateClassNames),
            Importance.MEDIUM, "Exception class names sent straight to the DLQ as FATAL.")
        .define(key(entry, EXPIRY), Type.STRING, null, optional(RetryPolicies::validateDuration),
            Importance.MEDIUM, "Age after which a failing job is dead-lettered as EXPIRED.");
    Map<String, Object> parsed = def.parse(entryKeys);
    Map<String, Object> bySetting = new LinkedHashMap<>();
    for (String setting : SETTINGS) {
      bySetting.put(setting, parsed.get(key(entry, setting)));
    }
    return bySetting;
  }

  private static RetryPolicy build(String entry, Map<String, Object> values, RetryPolicy parent, boolean parentMaxExplicit) {
    List<Duration> tiers = values.get(TIERS) == null ? parent.tiers() : RetryDelays.parseList((String) values.get(TIERS));
    int maxAttempts = values.get(MAX_ATTEMPTS) != null
        ? (Integer) values.get(MAX_ATTEMPTS)
        : parentMaxExplicit ? parent.maxAttempts() : tiers.size() + 1;
    double jitter = values.get(JITTER) == null ? parent.jitter() : (Double) values.get(JITTER);
    Set<String> fatal = values.get(FATAL_EXCEPTIONS) == null
        ? parent.fatalExceptions()
        : Set.copyOf(classNames((String) values.get(FATAL_EXCEPTIONS)));
    Optional<Duration> expiry = values.get(EXPIRY) == null
        ? parent.expiry()
        : Optional.of(RetryDelays.parse((String) values.get(EXPIRY)));
    try {
      return new RetryPolicy(maxAttempts, tiers, jitter, fatal, expiry);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid retry policy '" + entry + "': " + e.getMessage());
    }
  }

  private static ConfigDef.Validator optional(ConfigDef.Validator validator) {
    return (name, value) -> {
      if (value != null) {
        validator.ensureValid(name, value);
      }
    };
  }

  private static void validateTiers(String name, Object value) {
    try {
      RetryDelays.parseList((String) value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, value, e.getMessage());
    }
  }

  private static void validateDuration(String name, Object value) {
    try {
      RetryDelays.parse((String) value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, value, e.getMessage());
    }
  }

  private static void validateJitter(String name, Object value) {
    double jitter = (Double) value;
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new ConfigException(name, value, "must be a fraction in [0, 1), e.g. 0.2 for ±20%");
    }
  }

  private static void validateClassNames(String name, Object value) {
    for (String className : classNames((String) value)) {
      if (!CLASS_NAME.matcher(className).matches()) {
        throw new ConfigException(name, value, "'" + className + "' is not a class name");
      }
    }
  }

  private static List<String> classNames(String value) {
    List<String> names = new ArrayList<>();
    Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
    return names;
  }
}
