package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.dlq.Times;
import dev.jobpipe.ledger.JobLedgerClient;
import dev.jobpipe.ledger.JobLedgerException;
import dev.jobpipe.ledger.JobPage;
import dev.jobpipe.ledger.JobQuery;
import dev.jobpipe.ledger.JobState;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobpipe jobs list --type T [--state S] [--since 1h]}: jobs newest first, one page. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs newest first, filtered.")
public final class JobsListCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  LedgerUrlOption ledger;

  @Option(names = "--type", required = true, paramLabel = "T", description = "The job type.")
  String type;

  @Option(names = "--state", paramLabel = "STATE",
      description = "Only jobs in this state: SCHEDULED, ENQUEUED, RETRY_SCHEDULED, SUCCEEDED, DEAD, CANCELLED.")
  String state;

  @Option(names = "--since", paramLabel = "TIME", description = "Only jobs enqueued at or after TIME: ISO-8601 or an age (30m, 2h, 7d).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Only jobs enqueued before TIME.")
  String until;

  @Option(names = "--error", paramLabel = "TEXT", description = "Only jobs whose last error class or message contains TEXT.")
  String error;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N jobs (1..1000, default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue after the previous page (its next cursor).")
  String cursor;

  @Option(names = "--json", description = "Print the ledger's JSON page (jobs and nextCursor).")
  boolean json;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    JobQuery query;
    try {
      JobState s = state == null ? null : JobState.parse(state).orElseThrow(() -> new IllegalArgumentException(
          "invalid --state '" + state + "': expected one of " + Arrays.toString(JobState.values())));
      query = new JobQuery(type, s, since == null ? null : Times.parse(since, clock),
          until == null ? null : Times.parse(until, clock), error, limit, cursor);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), ExitCodes.USAGE, e);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (JobLedgerClient client = ledger.client()) {
      JobPage page = client.list(query);
      if (json) {
        JobsFormat.json(out, page);
      } else {
        JobsFormat.table(out, page.jobs());
        if (page.nextCursor() != null) {
          out.println("more: --cursor " + page.nextCursor());
        }
      }
      out.flush();
      return ExitCodes.OK;
    } catch (JobLedgerException e) {
      throw LedgerUrlOption.failure(e);
    }
  }
}
