package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import org.junit.jupiter.api.Test;

/** Command-line checks of {@code publish} and {@code topics apply} that need no cluster. */
class PublishCommandTest {

  private static final String NO_BROKER = "--bootstrap-servers=localhost:1";

  @Test
  void typeAndExactlyOneInputAreRequired() {
    CliRun none = CliRun.of("publish", "--type", "t");
    assertThat(none.exitCode()).as(none.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.err()).contains("--json", "--file");

    CliRun both = CliRun.of("publish", "--type", "t", "--json", "{}", "--file", "x.jsonl");
    assertThat(both.exitCode()).as(both.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("mutually exclusive");

    CliRun noType = CliRun.of("publish", "--json", "{}");
    assertThat(noType.exitCode()).as(noType.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(noType.err()).contains("--type");
  }

  @Test
  void invalidJsonIsAOneLineUsageErrorBeforeConnecting() {
    CliRun run = CliRun.of("publish", NO_BROKER, "--type", "image.resize", "--json", "{\"width\": 1,");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("error: --json: invalid JSON");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badOptionValuesAreUsageErrors() {
    assertUsage(CliRun.of("publish", NO_BROKER, "--type", "Bad Type", "--json", "{}"), "--type: invalid job type");
    assertUsage(CliRun.of("publish", NO_BROKER, "--type", "t", "--json", "{}", "--count", "0"), "--count must be at least 1");
    assertUsage(CliRun.of("publish", NO_BROKER, "--type", "t", "--file", "x", "--count", "2"), "--count goes with --json");
    assertUsage(CliRun.of("publish", NO_BROKER, "--type", "t", "--json", "{}", "--skip-invalid"), "--skip-invalid goes with --file");
    assertUsage(CliRun.of("publish", NO_BROKER, "--type", "t", "--json", "{}", "--timeout", "soon"), "--timeout: invalid duration");
  }

  @Test
  void anUnreachableBrokerIsAOneLineErrorAfterTheTimeout() {
    CliRun run = CliRun.of("publish", NO_BROKER, "--timeout", "2s", "--type", "image.resize",
        "--json", "{\"imageUrl\": \"u\", \"width\": 1, \"height\": 1}");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).startsWith("error: cannot reach Kafka at localhost:1: ");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void topicsApplyNeedsATypeOrAFile() {
    assertUsage(CliRun.of("topics", "apply", NO_BROKER), "give --type T or --file FILE");
    assertUsage(CliRun.of("topics", "apply", NO_BROKER, "--type", "t", "--partitions", "0"),
        "--partitions: partitions of t must be at least 1");
    assertUsage(CliRun.of("topics", "apply", NO_BROKER, "--type", "t", "--tiers", "5s,fast"), "--tiers: invalid duration 'fast'");
    assertUsage(CliRun.of("topics", "apply", NO_BROKER, "--file", "../deploy/topics/jobs.yaml", "--partitions", "3"),
        "--partitions, --replication-factor and --tiers go with --type");
    assertUsage(CliRun.of("topics", "apply", NO_BROKER, "--file", "../deploy/topics/jobs.yaml", "--type", "nope"),
        "job type nope is not in");
  }

  @Test
  void topicsApplyWithAnUnreachableBrokerIsAOneLineError() {
    CliRun run = CliRun.of("topics", "apply", NO_BROKER, "--timeout", "2s", "--type", "t");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).startsWith("error: cannot reach Kafka at localhost:1: ");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void topicsWithoutVerbPrintsUsage() {
    CliRun run = CliRun.of("topics");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("apply");
  }

  private static void assertUsage(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.toString()).startsWith("error: " + message);
    assertThat(run.err().lines()).as(run.toString()).hasSize(1);
  }
}
