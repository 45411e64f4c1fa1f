package dev.jobpipe.reliability.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code jobpipe router} options of a scenario: a retry policy for the scenario's type in a
 * policy file, and an application id and state directory of the scenario's own. Routers subscribe
 * to every {@code jobs.*.failed} topic; sharing the default application id (and the default state
 * directory under /tmp, with other test runs on the machine) would tie scenarios together.
 *
 * @param tiers the type's tiers, e.g. {@code 1s,2s}
 * @param maxAttempts the type's max attempts, the first included
 * @param instanceId whether to pass {@code --instance-id}; without it the router derives its own
 */
public record RouterOptions(String tiers, int maxAttempts, boolean instanceId) {

  /** With {@code --instance-id}. */
  public RouterOptions(String tiers, int maxAttempts) {
    this(tiers, maxAttempts, true);
  }

  /** These options without {@code --instance-id}: the router's default identity is under test. */
  public RouterOptions withoutInstanceId() {
    return new RouterOptions(tiers, maxAttempts, false);
  }

  /**
   * The router flags for {@code type}, instance {@code instanceId} (static membership, so a restart
   * takes its partitions back at once), with its policy file and state under {@code directory}.
   */
  public List<String> args(Path directory, String type, String instanceId) {
    Path policy = directory.resolve("retry-policy.properties");
    String prefix = "policy." + type + ".";
    try {
      Files.createDirectories(policy.getParent());
      Files.writeString(policy, prefix + "tiers=" + tiers + "\n" + prefix + "max.attempts=" + maxAttempts + "\n"
          + prefix + "jitter=0\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> args = List.of(
        "--policy-file", policy.toString(),
        "--application-id", "jobpipe-router-" + type.replace('.', '-'),
        "--state-dir", directory.resolve("router-state").toString());
    return this.instanceId ? Stream.concat(args.stream(), Stream.of("--instance-id", instanceId)).toList() : args;
  }
}
