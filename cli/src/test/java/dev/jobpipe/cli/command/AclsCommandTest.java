package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.CliRun;
import org.junit.jupiter.api.Test;

class AclsCommandTest {

  @Test
  void printsEachComponentsLeastPrivilegeSet() {
    CliRun run = CliRun.of("acls", "--type", "email", "--publisher-principal", "User:pub", "--worker-principal", "User:w",
        "--router-principal", "User:r", "--inspector-principal", "User:i");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).contains(
        "# publisher User:pub",
        "ALLOW User:pub WRITE TOPIC jobs.email (literal, host *)",
        "ALLOW User:w READ TOPIC jobs.email (literal",
        "ALLOW User:w READ GROUP jobpipe.email (literal",
        "ALLOW User:w WRITE TOPIC jobs.email.failed (literal",
        "ALLOW User:w WRITE TOPIC jobs.email.dlq (literal",
        "ALLOW User:w WRITE TOPIC jobs.email.done (literal",
        "ALLOW User:r READ TOPIC jobs.email.failed (literal",
        "ALLOW User:r READ TOPIC jobs.email.retry.* (prefixed",
        "ALLOW User:r WRITE TRANSACTIONAL_ID jobpipe-router* (prefixed",
        "ALLOW User:i READ TOPIC jobs.email.dlq (literal");
    assertThat(run.out()).as("the publisher writes jobs.T only")
        .doesNotContain("User:pub WRITE TOPIC jobs.email.dlq").doesNotContain("User:pub READ");
    assertThat(run.out()).as("the inspector is read-only without --replay")
        .doesNotContain("User:i WRITE").doesNotContain("User:i DELETE");
  }

  @Test
  void replayAndPurgeAreExtraGrantsOfTheInspector() {
    CliRun run = CliRun.of("acls", "--type", "email", "--inspector-principal", "User:i", "--replay", "--purge");

    assertThat(run.out()).contains("ALLOW User:i WRITE TOPIC jobs.email (literal",
        "ALLOW User:i WRITE TOPIC jobs.email.dlq.replayed (literal", "ALLOW User:i DELETE TOPIC jobs.email.dlq (literal");
  }

  @Test
  void theSchedulerLedgerAndConsoleSetsNameTheirApplicationIdsAndTheRoutersForwarderGroup() {
    CliRun run = CliRun.of("acls", "--type", "email", "--scheduler-principal", "User:s", "--ledger-principal", "User:l",
        "--console-principal", "User:c", "--ledger-application-id", "my-ledger");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).contains(
        "# scheduler User:s", "# ledger User:l", "# console User:c",
        "ALLOW User:s READ TOPIC jobs.email.scheduled (literal",
        "ALLOW User:s WRITE TRANSACTIONAL_ID jobpipe-scheduler-* (prefixed",
        "ALLOW User:l READ GROUP my-ledger (literal",
        "ALLOW User:l ALL TOPIC my-ledger-* (prefixed",
        "ALLOW User:c DESCRIBE GROUP jobpipe-router-forwarder (literal",
        "ALLOW User:c READ TOPIC jobpipe-scheduler-scheduled-due-changelog (literal");
    assertThat(run.out()).as("the console purges only with --purge").doesNotContain("User:c DELETE");
    assertThat(run.out()).as("the ledger writes nothing of the pipeline's").doesNotContain("User:l WRITE TOPIC jobs.");
  }

  @Test
  void scheduleIsAnExtraGrantOfThePublisherAndPurgeOneOfTheConsoleToo() {
    CliRun run = CliRun.of("acls", "--type", "email", "--publisher-principal", "User:p", "--schedule",
        "--console-principal", "User:c", "--purge");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).contains("ALLOW User:p WRITE TOPIC jobs.email.scheduled (literal",
        "ALLOW User:c DELETE TOPIC jobs.email.dlq (literal");
  }

  @Test
  void badInputIsAOneLineUsageError() {
    CliRun noPrincipal = CliRun.of("acls", "--type", "email");
    CliRun badPrincipal = CliRun.of("acls", "--type", "email", "--worker-principal", "worker");
    CliRun badType = CliRun.of("acls", "--type", "Bad Type", "--worker-principal", "User:w");
    CliRun replayAlone = CliRun.of("acls", "--type", "email", "--worker-principal", "User:w", "--replay");
    CliRun purgeAlone = CliRun.of("acls", "--type", "email", "--worker-principal", "User:w", "--purge");
    CliRun scheduleAlone = CliRun.of("acls", "--type", "email", "--worker-principal", "User:w", "--schedule");
    CliRun emptyAppId = CliRun.of("acls", "--type", "email", "--ledger-principal", "User:l", "--ledger-application-id", "");

    for (CliRun run : new CliRun[] {noPrincipal, badPrincipal, badType, replayAlone, purgeAlone, scheduleAlone, emptyAppId}) {
      assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
      assertThat(run.err().lines().filter(l -> !l.isBlank()).count()).as("%s", run).isEqualTo(1);
    }
    assertThat(badPrincipal.err()).contains("Type:name");
  }
}
