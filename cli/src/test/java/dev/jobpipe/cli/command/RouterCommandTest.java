package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is refused before anything connects: one line, usage exit code. */
class RouterCommandTest {

  @TempDir
  Path dir;

  private static void assertOneLineUsageError(CliRun run, String... mentions) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines()).as(run.toString()).hasSize(1);
    assertThat(run.err()).as(run.toString()).startsWith("error: ").contains(mentions);
    assertThat(run.out()).as(run.toString()).isEmpty();
  }

  @Test
  void helpDescribesTheOptions() {
    CliRun run = CliRun.of("router", "--help");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("--policy-file", "--default-tiers", "--max-attempts", "--metrics-port",
        "--application-id", "--state-dir", "--bootstrap-servers");
  }

  @Test
  void badDefaultTiersAreOneLineError() {
    assertOneLineUsageError(CliRun.of("router", "--default-tiers", "5s,5x"), "--default-tiers", "5x");
  }

  @Test
  void zeroMaxAttemptsIsOneLineError() {
    assertOneLineUsageError(CliRun.of("router", "--max-attempts", "0"), "--max-attempts");
  }

  @Test
  void invalidPolicyKeyIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("policy.properties"), "policy.email.send.max.attempts=none\n");
    assertOneLineUsageError(CliRun.of("router", "--policy-file", file.toString()), "policy.email.send.max.attempts");
  }

  @Test
  void invalidYamlPolicyKeyIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("policy.yaml"), "policy:\n  image:\n    jitter: 2\n");
    assertOneLineUsageError(CliRun.of("router", "--policy-file", file.toString()), "policy.image.jitter");
  }

  @Test
  void missingPolicyFileIsNamed() {
    assertOneLineUsageError(CliRun.of("router", "--policy-file", dir.resolve("nope.yaml").toString()), "nope.yaml");
  }

  @Test
  void outOfRangeMetricsPortIsOneLineError() {
    assertOneLineUsageError(CliRun.of("router", "--metrics-port", "70000"), "--metrics-port");
  }

  @Test
  void nonNumericMaxAttemptsIsAParseError() {
    CliRun run = CliRun.of("router", "--max-attempts", "three");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--max-attempts");
  }
}
