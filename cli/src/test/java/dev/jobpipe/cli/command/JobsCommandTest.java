package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Bad input to the ledger commands: one line and a non-zero exit, before or instead of any answer. */
class JobsCommandTest {

  private static void assertOneLineError(CliRun run, int exit, String... mentions) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(exit);
    assertThat(run.err().lines()).as(run.toString()).hasSize(1);
    assertThat(run.err()).as(run.toString()).startsWith("error: ").contains(mentions);
  }

  /** A port nothing listens on. */
  private static String deadUrl() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  @Test
  void helpNamesTheOptions() {
    CliRun run = CliRun.of("jobs", "list", "--help");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("--type", "--state", "--since", "--json", "--ledger-url", "JOBPIPE_LEDGER_URL");
    assertThat(CliRun.of("ledger", "--help").out()).contains("--port", "--retention", "--application-id", "--types", "9410");
  }

  @Test
  void badStateIsAUsageError() {
    assertOneLineError(CliRun.of("jobs", "list", "--type", "t", "--state", "LOST"), ExitCodes.USAGE, "--state", "LOST");
  }

  @Test
  void badTypeIsAUsageError() {
    assertOneLineError(CliRun.of("jobs", "list", "--type", "Bad Type"), ExitCodes.USAGE, "job type");
  }

  @Test
  void badSinceIsAUsageError() {
    assertOneLineError(CliRun.of("jobs", "list", "--type", "t", "--since", "yesterday"), ExitCodes.USAGE, "yesterday");
  }

  @Test
  void badLimitIsAUsageError() {
    assertOneLineError(CliRun.of("jobs", "list", "--type", "t", "--limit", "0"), ExitCodes.USAGE, "limit");
  }

  @Test
  void badTimeoutIsAUsageError() {
    assertOneLineError(CliRun.of("jobs", "wait", "j1", "--timeout", "soon"), ExitCodes.USAGE, "--timeout", "soon");
  }

  @Test
  void badLedgerUrlIsAUsageError() {
    assertOneLineError(CliRun.of("jobs", "show", "j1", "--ledger-url", "ftp:/x"), ExitCodes.USAGE, "--ledger-url");
  }

  @Test
  void anUnreachableLedgerIsOneLine() throws IOException {
    assertOneLineError(CliRun.of("jobs", "show", "j1", "--ledger-url", deadUrl()), ExitCodes.FAILED,
        "cannot reach the job ledger");
  }

  @Test
  void badLedgerSettingsAreUsageErrors() {
    assertOneLineError(CliRun.of("ledger", "--retention", "forever"), ExitCodes.USAGE, "--retention");
    assertOneLineError(CliRun.of("ledger", "--port", "70000"), ExitCodes.USAGE, "http.port");
    assertOneLineError(CliRun.of("ledger", "--types", "email(", "--bootstrap-servers", "localhost:1"), ExitCodes.USAGE,
        "types");
  }

  @Test
  void theDeadLetterOfADeadJobIsOneCommandAway() {
    var view = new dev.jobpipe.ledger.JobView("j1", "email.send", null, dev.jobpipe.ledger.JobState.DEAD, 3, null, null,
        null, null, null, null, null, "EXHAUSTED", "jobs.email.send.dlq-2-41", null, null, null, "DEAD");
    assertThat(JobsFormat.dlqShowCommand(view)).isEqualTo("jobpipe dlq show --type email.send --partition 2 --offset 41");
  }
}
