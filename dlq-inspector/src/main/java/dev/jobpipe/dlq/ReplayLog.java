package dev.jobpipe.dlq;

import dev.jobpipe.schemas.JobTopics;
import java.util.Set;

/**
 * Which dead letters have been replayed: a compacted topic {@code jobs.T.dlq.replayed} keyed by
 * the letter's DLQ position ({@code partition-offset}), value a small JSON document (job id, time,
 * where the replayed job landed). It makes a replay idempotent: a letter whose position is in the
 * log is not sent again unless forced. Compaction keeps one entry per letter forever, so the log
 * stays as small as the set of letters ever replayed.
 *
 * <p>Entries are written by {@link DlqReplayer} only after the broker acknowledged the replayed
 * job, so a crash between the two leaves a letter replayed but unlogged: a rerun sends it once
 * more (a duplicate, which at-least-once workers already tolerate), and never loses it.
 */
public interface ReplayLog {

  /** The log topic of job type {@code type}. */
  static String topicFor(String type) {
    return JobTopics.of(type).dlqReplayed();
  }

  String topic();

  /** DLQ positions ({@code partition-offset}) already replayed; empty when the log topic does not exist yet. */
  Set<String> replayed();

  /** Creates the compacted log topic when it does not exist. */
  void ensureExists();
}
