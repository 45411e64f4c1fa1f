package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.dlq.DlqPurger;
import dev.jobpipe.dlq.LogPosition;
import dev.jobpipe.dlq.PurgePlan;
import dev.jobpipe.dlq.TopicLog;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe dlq purge}: deletes dead letters below an offset or older than a time with the
 * Admin API's {@code deleteRecords}, after showing how many and asking.
 */
@Command(name = "purge", mixinStandardHelpOptions = true,
    description = {
      "Delete dead letters before an offset (in every partition) or a time, with the Admin API deleteRecords.",
      "Shows how many records would go and asks for confirmation on stdin unless --yes; without an answer"
          + " (no terminal, stdin closed) it refuses."
    })
public final class DlqPurgeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  DlqTypeOption type;

  @Option(names = "--before", required = true, paramLabel = "OFFSET|TIME",
      description = "Delete records below this offset, or before this time (ISO-8601 or an age such as 7d).")
  String before;

  @Option(names = "--partition", paramLabel = "P", description = "Only this partition (default: all).")
  Integer partition;

  @Option(names = "--yes", description = "Do not ask.")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    LogPosition point = LogPosition.parse(before, Clock.systemUTC());
    String dlq = type.topics().dlq();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return DlqSession.run(connection, session -> {
      TopicLog log = session.existingTopic(dlq);
      DlqPurger purger = new DlqPurger(session.admin(), log, session.config().apiTimeout());
      PurgePlan plan = purger.plan(point, partition);
      if (plan.isEmpty()) {
        out.println("nothing to purge: " + log.topic() + " holds no record before " + point);
        return 0;
      }
      out.println("would delete " + DlqFormat.count(plan.count(), "record", "records") + " of " + plan.topic() + ":");
      plan.sorted().forEach((p, range) -> out.println("  partition " + p + ": offsets " + range.start() + " to "
          + (range.end() - 1) + " (" + range.size() + ")"));
      out.flush();
      if (!yes && !DlqPrompt.confirm(err, System.in,
          "Delete " + DlqFormat.count(plan.count(), "record", "records") + " from " + plan.topic()
              + "? This cannot be undone.", "--yes")) {
        throw new UserException("purge cancelled: nothing was deleted");
      }
      long deleted = purger.purge(plan);
      out.println("deleted " + DlqFormat.count(deleted, "record", "records") + " from " + plan.topic());
      out.flush();
      return 0;
    });
  }
}
