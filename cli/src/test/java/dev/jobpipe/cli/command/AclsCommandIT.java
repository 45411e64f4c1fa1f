package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code jobpipe acls --apply} against the default (unsecured) stack: the broker has no authorizer,
 * so creating ACLs is refused, and the command says so in one line naming what was refused.
 */
@ExtendWith(JobpipeStackExtension.class)
class AclsCommandIT {

  @Test
  void applyOnABrokerWithoutAuthorizerIsAOneLineRefusal(JobpipeStack stack) {
    CliRun run = TopicsCommandIT.jobpipe(stack, "acls", "--type", "email", "--worker-principal", "User:w", "--apply");

    assertThat(run.exitCode()).as("%s", run).isNotZero();
    assertThat(run.err().lines().filter(l -> !l.isBlank()).toList()).as("%s", run).hasSize(1)
        .allSatisfy(line -> assertThat(line).contains("cannot create the ACLs").containsIgnoringCase("authorizer"));
    assertThat(run.out()).as("the ACLs are still printed").contains("ALLOW User:w READ TOPIC jobs.email");
  }
}
