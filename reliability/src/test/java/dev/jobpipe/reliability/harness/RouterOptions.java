package dev.jobpipe.reliability.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code jobpipe router} options of a scenario: a retry policy for the scenario's type in a
 * policy file, and an application id and state directory of the scenario's own. Routers subscribe
 * to every {@code jobs.*.failed} topic; sharing the default application id (and the default state
 * directory under /tmp, with other test runs on the machine) would tie scenarios together.
 *
 * @param tiers the type's tiers, e.g. {@code 1s,2s}
 * @param maxAttempts the type's max attempts, the first included
 * @param instanceId whether to pass {@code --instance-id}; without it the router derives its own
 * @param settings router and Kafka client settings for its {@code --command-config} file, if any
 */
public record RouterOptions(String tiers, int maxAttempts, boolean instanceId, Map<String, String> settings) {

  public RouterOptions {
    settings = Map.copyOf(settings);
  }

  /** With {@code --instance-id}. */
  public RouterOptions(String tiers, int maxAttempts) {
    this(tiers, maxAttempts, true, Map.of());
  }

  /** These options without {@code --instance-id}: the router's default identity is under test. */
  public RouterOptions withoutInstanceId() {
    return new RouterOptions(tiers, maxAttempts, false, settings);
  }

  /** These options with {@code key=value} in the router's command-config file. */
  public RouterOptions with(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(settings);
    more.put(key, value);
    return new RouterOptions(tiers, maxAttempts, instanceId, more);
  }

  /**
   * The router flags for {@code type}, instance {@code instanceId} (static membership, so a restart
   * takes its partitions back at once), with its policy file, command-config file (when there are
   * settings) and state under {@code directory}.
   */
  public List<String> args(Path directory, String type, String instanceId) {
    String prefix = "policy." + type + ".";
    Map<String, String> policySettings = new LinkedHashMap<>();
    policySettings.put(prefix + "tiers", tiers);
    policySettings.put(prefix + "max.attempts", Integer.toString(maxAttempts));
    policySettings.put(prefix + "jitter", "0");
    Path policy = PropertiesFile.write(directory.resolve("retry-policy.properties"), policySettings);
    List<String> args = new ArrayList<>(List.of(
        "--policy-file", policy.toString(),
        "--application-id", "jobpipe-router-" + type.replace('.', '-'),
        "--state-dir", directory.resolve("router-state").toString()));
    if (this.instanceId) {
      args.addAll(List.of("--instance-id", instanceId));
    }
    if (!settings.isEmpty()) {
      Path config = PropertiesFile.write(directory.resolve(instanceId + "-router.properties"), new TreeMap<>(settings));
      args.addAll(List.of("--command-config", config.toString()));
    }
    return List.copyOf(args);
  }
}
