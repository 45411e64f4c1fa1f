package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.dlq.DeadLetter;
import dev.jobpipe.dlq.DeadLetterFilter;
import dev.jobpipe.dlq.DlqClients;
import dev.jobpipe.dlq.DlqReplayer;
import dev.jobpipe.dlq.RateLimit;
import dev.jobpipe.dlq.ReplayListener;
import dev.jobpipe.dlq.ReplayLog;
import dev.jobpipe.dlq.ReplayOptions;
import dev.jobpipe.dlq.ReplayReport;
import dev.jobpipe.dlq.SchemaCheck;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobTopics;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe dlq replay}: sends dead letters back to {@code jobs.T} once their cause is fixed,
 * as fresh first attempts; idempotent through the replay log {@code jobs.T.dlq.replayed}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {
      "Republish dead letters to jobs.T: same job id, key and value, attempt 1, new enqueued-at,"
          + " jobpipe.replay.of = the DLQ partition-offset; failure headers dropped.",
      "Idempotent: replayed letters are recorded in the compacted topic jobs.T.dlq.replayed (after the"
          + " job is acknowledged, so a crash can only cause a duplicate), and skipped next time unless --force.",
      "Each payload is checked against the latest schema of jobs.T-value first; letters that no longer fit"
          + " are listed and skipped."
    })
public final class DlqReplayCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  DlqTypeOption type;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Selection selection;

  static final class Selection {
    @Option(names = "--job-id", arity = "1..*", paramLabel = "ID", description = "These jobs (each must have a letter).")
    List<String> jobIds;

    @Option(names = "--error-class", paramLabel = "X", description = "Letters with this error class (full or simple name).")
    String errorClass;

    @Option(names = "--reason", paramLabel = "R", description = "Letters with this reason: ${COMPLETION-CANDIDATES}.")
    DlqReason reason;

    @Option(names = "--all", description = "Every letter.")
    boolean all;
  }

  @Option(names = "--dry-run", description = "Print what would be replayed; send nothing, write no replay log.")
  boolean dryRun;

  @Option(names = "--rate", paramLabel = "N/s", description = "Send at most N records per second (e.g. 100/s, 600/m).")
  String rate;

  @Option(names = "--force", description = "Replay letters the replay log says were replayed already.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    String t = type.type();
    JobTopics topics = JobTopics.of(t);
    DeadLetterFilter filter = selection.jobIds != null
        ? DeadLetterFilter.all().withJobIds(new LinkedHashSet<>(selection.jobIds))
        : selection.errorClass != null ? DeadLetterFilter.all().withErrorClass(selection.errorClass)
        : selection.reason != null ? DeadLetterFilter.all().withReason(selection.reason)
        : DeadLetterFilter.all();
    ReplayOptions options = new ReplayOptions(dryRun, force, rate == null ? RateLimit.UNLIMITED : RateLimit.parse(rate));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Clock clock = Clock.systemUTC();
    return DlqSession.run(connection, session -> {
      var reader = session.dlq(t);
      session.existingTopic(topics.main());
      DlqReplayer replayer = DlqReplayer.builder(t)
          .reader(reader)
          .replayLog(DlqClients.replayLog(session.consumer(), session.admin(), t, session.config()))
          .schemaCheck(SchemaCheck.registry(session.registry(), session.codec(), topics.main() + "-value"))
          .producer(session.producer())
          .batchSize(session.config().replayBatchSize())
          .clock(clock)
          .build();
      DlqProgress progress = new DlqProgress(err, clock, "replaying " + reader.topic());
      ReplayReport report = replayer.replay(filter, options, new ReplayListener() {
        @Override
        public void replayed(DeadLetter letter, RecordMetadata target) {
          if (target == null) {
            out.println("would replay job " + letter.jobId() + " (DLQ " + letter.position() + ") to " + topics.main());
          }
        }

        @Override
        public void progress(long done, long total) {
          progress.progress(done, total);
        }
      });
      summarize(out, report, topics);
      out.flush();
      return 0;
    });
  }

  private static void summarize(PrintWriter out, ReplayReport report, JobTopics topics) {
    String letters = DlqFormat.count(report.replayed().size(), "dead letter", "dead letters");
    if (report.dryRun()) {
      out.println("dry run: would replay " + letters + " to " + report.target() + "; nothing was sent");
    } else {
      out.println("replayed " + letters + " to " + report.target()
          + (report.replayed().isEmpty() ? "" : " (recorded in " + ReplayLog.topicFor(topics.type()) + ")"));
    }
    if (!report.alreadyReplayed().isEmpty()) {
      out.println("skipped " + DlqFormat.count(report.alreadyReplayed().size(), "letter", "letters")
          + " already replayed (--force replays them again)");
    }
    if (!report.copies().isEmpty()) {
      out.println("skipped " + DlqFormat.count(report.copies().size(), "copy", "copies")
          + " of letters with the same origin and attempt: one job per origin");
    }
    if (!report.unfit().isEmpty()) {
      out.println("skipped " + DlqFormat.count(report.unfit().size(), "letter that no longer fits",
          "letters that no longer fit") + " the current schema of " + topics.main() + "-value:");
      report.unfit().forEach(e -> out.println("  " + e.position() + "  job " + e.jobId() + ": " + e.detail()));
    }
  }
}
