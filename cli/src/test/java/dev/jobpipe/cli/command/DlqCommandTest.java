package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Command-line errors of the dlq and replay verbs that need no broker: one line, usage exit code, no connection. */
class DlqCommandTest {

  /** Where nothing listens: a command that tried to connect would fail differently (and slowly). */
  private static final String NOWHERE = "--bootstrap-servers=localhost:1";

  @Test
  void dlqAloneNeedsAVerb() {
    CliRun run = CliRun.of("dlq");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("Missing required subcommand");
  }

  @Test
  void helpListsTheVerbs() {
    CliRun run = CliRun.of("dlq", "--help");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("list", "show", "stats", "replay", "purge");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "dlq list                                          | Missing required option: '--type=T'",
      "dlq list --type Bad!                              | invalid job type 'Bad!'",
      "dlq list --type x --since yesterday               | invalid time 'yesterday'",
      "dlq list --type x --until 2024-13-01              | invalid time '2024-13-01'",
      "dlq list --type x --since 1h --until 2h           | must be before until",
      "dlq list --type x --limit 0                       | --limit must be positive",
      "dlq list --type x --reason BORED                  | Invalid value for option '--reason'",
      "dlq list --type x --width 10                      | --width must be at least 40",
      "dlq show --type x                                 | Missing required argument",
      "dlq show --type x --job-id a --offset 3           | mutually exclusive",
      "dlq show --type x --offset minus                  | Invalid value for option '--offset'",
      "dlq show --type x --offset -1                     | must not be negative",
      "dlq stats                                         | Missing required option: '--type=T'",
      "dlq replay --type x                               | Missing required argument",
      "dlq replay --type x --all --reason FATAL          | mutually exclusive",
      "dlq replay --type x --all --rate fast             | invalid rate 'fast'",
      "dlq purge --type x                                | Missing required option: '--before=OFFSET|TIME'",
      "dlq purge --type x --before soon                  | invalid position 'soon'",
      "dlq purge --type x --before -4                    | invalid offset '-4'",
      "replay --from 0                                   | Missing required option: '--topic=TOPIC'",
      "replay --topic t --from later                     | invalid position 'later'",
      "replay --topic t --from 1h --to 2h                | must be before --to",
      "replay --topic t --from 0 --reset-group g --to 5  | --reset-group cannot be combined",
      "replay --topic t --from 0 --rate 0/s              | invalid rate",
      "replay --topic t --from 0 --partition -1          | --partition must not be negative"
  })
  void badInputIsAOneLineUsageError(String args, String message) {
    String[] argv = (args.strip() + " " + NOWHERE).split("\\s+");
    CliRun run = CliRun.of(argv);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.toString()).startsWith("error: ").contains(message);
    assertThat(run.err().lines().filter(l -> l.startsWith("error: "))).hasSize(1);
    assertThat(run.err()).doesNotContain("\tat ");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badInspectorSettingNamesTheKey(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("client.properties"), "jobpipe.dlq.api.timeout.ms=soon\n");
    CliRun run = CliRun.of("dlq", "list", "--type", "x", NOWHERE, "--command-config", config.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("error: invalid client configuration: ").contains("jobpipe.dlq.api.timeout.ms");
  }

  @Test
  void unreachableBrokerIsAOneLineFailureWithinTheTimeout(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("client.properties"), "jobpipe.dlq.api.timeout.ms=1000\n");
    CliRun run = CliRun.of("dlq", "stats", "--type", "x", NOWHERE, "--command-config", config.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("error: Kafka at localhost:1 is unreachable: ")
        .contains("describe topic jobs.x.dlq", "did not answer within 1s");
  }
}
