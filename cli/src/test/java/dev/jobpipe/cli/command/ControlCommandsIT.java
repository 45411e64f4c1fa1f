package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** pause, resume, rate, cancel and status against the real broker, on topics made by 'topics apply'. */
@ExtendWith(JobpipeStackExtension.class)
class ControlCommandsIT {

  @Test
  void everyVerbWritesTheControlTopicAndStatusShowsIt(JobpipeStack stack) {
    String type = TopicsCommandIT.uniqueType("cli.control");
    CliRun apply = TopicsCommandIT.jobpipe(stack, "topics", "apply", "--type", type, "--partitions", "2", "--tiers", "5s");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();

    CliRun pause = TopicsCommandIT.jobpipe(stack, "pause", "--type", type, "--reason", "deploy");
    assertThat(pause.exitCode()).as(pause.toString()).isZero();
    assertThat(pause.out()).startsWith("paused " + type).contains("deploy");
    CliRun rate = TopicsCommandIT.jobpipe(stack, "rate", "--type", type, "--per-second", "12.5");
    assertThat(rate.out()).as(rate.toString()).contains("limited " + type + " to 12.5 jobs per second");
    CliRun cancel = TopicsCommandIT.jobpipe(stack, "cancel", "--type", type, "--job-id", "j-1", "--expiry", "1h");
    assertThat(cancel.out()).as(cancel.toString()).contains("cancelled job j-1 of " + type);

    CliRun status = TopicsCommandIT.jobpipe(stack, "status", "--type", type);
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).contains("state:        PAUSED by ", "(deploy)", "rate:         12.5 jobs/s",
        "cancelled:    1 job(s)", "jobpipe." + type + " (", "2 partition(s)", "lag:          0", "retrying:     5s=0",
        "dead letters: 0");

    assertThat(TopicsCommandIT.jobpipe(stack, "resume", "--type", type).out()).startsWith("resumed " + type);
    assertThat(TopicsCommandIT.jobpipe(stack, "rate", "--type", type, "--none").out())
        .startsWith("removed the rate limit of " + type);
    CliRun after = TopicsCommandIT.jobpipe(stack, "status");
    assertThat(after.exitCode()).as(after.toString()).isZero();
    assertThat(after.out()).contains(type + "\n  state:        running\n  rate:         no limit");
  }

  @Test
  void aTypeWithoutTopicsIsAOneLineFailure(JobpipeStack stack) {
    String type = TopicsCommandIT.uniqueType("cli.control.none");
    for (String[] args : new String[][] {{"pause", "--type", type}, {"status", "--type", type}}) {
      CliRun run = TopicsCommandIT.jobpipe(stack, args);
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(run.err().lines()).as(run.toString()).hasSize(1);
      assertThat(run.err()).contains("jobs." + type, "does not exist", "topics apply");
    }
  }
}
