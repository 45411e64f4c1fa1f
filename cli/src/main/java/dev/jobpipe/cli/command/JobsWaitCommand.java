package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.ledger.JobLedgerClient;
import dev.jobpipe.ledger.JobLedgerException;
import dev.jobpipe.ledger.JobState;
import dev.jobpipe.ledger.JobView;
import dev.jobpipe.schemas.RetryDelays;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe jobs wait ID --timeout 30s}: waits for the job to finish and prints its state.
 * Exit 0 when it succeeded, 1 when it ended otherwise (dead, cancelled), is unknown, or did not
 * finish in time, so a script can chain on it.
 */
@Command(name = "wait", mixinStandardHelpOptions = true,
    description = "Wait until a job succeeds, dies or is cancelled; exit 0 only when it succeeded.")
public final class JobsWaitCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  LedgerUrlOption ledger;

  @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
  String id;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
      description = "How long to wait, e.g. 30s, 2m (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--json", description = "Print the ledger's JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Duration wait;
    try {
      wait = RetryDelays.parse(timeout);
    } catch (IllegalArgumentException e) {
      throw new UserException("--timeout: " + e.getMessage(), ExitCodes.USAGE, e);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (JobLedgerClient client = ledger.client()) {
      JobView job = client.await(id, wait)
          .orElseThrow(() -> new UserException("job " + id + " not found in the ledger"));
      JobsFormat.print(out, job, json);
      if (!job.terminal()) {
        throw new UserException("job " + id + " did not finish within " + timeout + " (it is " + job.state() + ")");
      }
      return job.state() == JobState.SUCCEEDED ? ExitCodes.OK : ExitCodes.FAILED;
    } catch (JobLedgerException e) {
      throw LedgerUrlOption.failure(e);
    }
  }
}
