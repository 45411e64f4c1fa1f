package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.dlq.GroupOffsetReset;
import dev.jobpipe.dlq.LogPosition;
import dev.jobpipe.dlq.RateLimit;
import dev.jobpipe.dlq.ResetPlan;
import dev.jobpipe.dlq.TopicLog;
import dev.jobpipe.dlq.TopicRange;
import dev.jobpipe.dlq.TopicReplayer;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe replay}: processes a range of any topic again, either by copying it into a target
 * topic (default: itself) or, with {@code --reset-group}, by rewinding a stopped consumer group.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {
      "Replay a range of any topic, e.g. a main topic after a handler bug was fixed.",
      "Copies records [--from, --to) to --target (default: the same topic), keeping keys, values and headers"
          + " and setting jobpipe.replay.of = topic-partition-offset.",
      "With --reset-group GROUP, moves that stopped consumer group's offsets on the topic back to --from"
          + " instead; refused while the group has live members."
    })
public final class ReplayCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to replay from.")
  String topic;

  @Option(names = "--from", required = true, paramLabel = "TIME|OFFSET",
      description = "Start (included): an offset (in every partition), ISO-8601 time or age such as 2h.")
  String from;

  @Option(names = "--to", paramLabel = "TIME|OFFSET", description = "End (excluded); default: the current end.")
  String to;

  @Option(names = "--partition", paramLabel = "P", description = "Only this partition (default: all).")
  Integer partition;

  @Option(names = "--target", paramLabel = "TOPIC", description = "Topic to replay into (default: --topic).")
  String target;

  @Option(names = "--dry-run", description = "Show what would be replayed or reset; change nothing.")
  boolean dryRun;

  @Option(names = "--rate", paramLabel = "N/s", description = "Send at most N records per second (e.g. 100/s).")
  String rate;

  @Option(names = "--reset-group", paramLabel = "GROUP",
      description = "Rewind this stopped consumer group to --from instead of copying records.")
  String resetGroup;

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemUTC();
    if (resetGroup != null && (to != null || target != null || rate != null)) {
      throw new UserException("--reset-group cannot be combined with --to, --target or --rate", ExitCodes.USAGE, null);
    }
    if (partition != null && partition < 0) {
      throw new IllegalArgumentException("--partition must not be negative: " + partition);
    }
    LogPosition start = LogPosition.parse(from, clock);
    LogPosition end = to == null ? null : LogPosition.parse(to, clock);
    TopicReplayer.checkBounds(start, end);
    RateLimit limit = rate == null ? RateLimit.UNLIMITED : RateLimit.parse(rate);
    PrintWriter out = spec.commandLine().getOut();
    return DlqSession.run(connection, session -> {
      TopicLog source = session.existingTopic(topic);
      if (resetGroup != null) {
        return reset(out, new GroupOffsetReset(session.admin(), source, session.config().apiTimeout()), start);
      }
      String into = target == null ? topic : target;
      session.existingTopic(into);
      TopicReplayer replayer = new TopicReplayer(source, session.producer(), session.config().replayBatchSize(), clock);
      TopicRange range = replayer.range(start, end, partition);
      long n = replayer.replay(range, into, dryRun, limit,
          new DlqProgress(spec.commandLine().getErr(), clock, "replaying " + topic));
      String records = DlqFormat.count(n, "record", "records");
      out.println((dryRun ? "dry run: would replay " : "replayed ") + records + " of " + range + " to " + into
          + (dryRun ? "; nothing was sent" : ""));
      out.flush();
      return 0;
    });
  }

  private int reset(PrintWriter out, GroupOffsetReset reset, LogPosition to) {
    ResetPlan plan = reset.plan(resetGroup, to, partition);
    out.println((dryRun ? "dry run: would reset" : "resetting") + " consumer group " + plan.group() + " on "
        + plan.topic() + " to " + to + ":");
    plan.target().forEach((p, offset) -> {
      Long now = plan.committed().get(p);
      out.println("  partition " + p + ": " + (now == null ? "(none)" : now) + " -> " + offset);
    });
    if (!dryRun) {
      reset.apply(plan);
      out.println("reset consumer group " + plan.group() + ": it will process "
          + DlqFormat.count(plan.rewound(), "record", "records") + " again when it restarts");
    }
    out.flush();
    return 0;
  }
}
