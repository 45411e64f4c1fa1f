package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.ledger.JobLedgerClient;
import dev.jobpipe.ledger.JobLedgerException;
import dev.jobpipe.ledger.JobView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jobpipe jobs show ID}: one job's state as the ledger knows it; an unknown id exits 1. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show what became of one job: state, attempts, times, last error, result, dead letter.")
public final class JobsShowCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  LedgerUrlOption ledger;

  @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
  String id;

  @Option(names = "--json", description = "Print the ledger's JSON object.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (JobLedgerClient client = ledger.client()) {
      JobView job = client.state(id).orElseThrow(() -> new UserException("job " + id + " not found in the ledger"));
      JobsFormat.print(out, job, json);
      return ExitCodes.OK;
    } catch (JobLedgerException e) {
      throw LedgerUrlOption.failure(e);
    }
  }
}
