package dev.jobpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobpipeCommandTest {

  @Test
  void helpListsEveryVerbOfTheDesign() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("dev", "topics", "publish", "worker", "router", "dlq", "replay", "demo");
  }

  @Test
  void versionIsTheBuildsVersion() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().strip()).matches("jobpipe \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void demoPortsAreCheckedBeforeAnythingStarts() {
    CliRun run = CliRun.of("demo", "--kafka-port", "7000", "--registry-port", "7000");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("error: --kafka-port and --registry-port must differ, both are 7000");
  }

  @Test
  void unknownOptionIsOneLineUsageError() {
    CliRun run = CliRun.of("--no-such-option");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("error: Unknown option: '--no-such-option'");
    assertThat(run.err().lines()).hasSize(2);
  }

  @Test
  void unknownSubcommandIsUsageError() {
    CliRun run = CliRun.of("frobnicate");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("frobnicate");
  }
}
