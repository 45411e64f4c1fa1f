package dev.jobpipe.dlq;

import java.util.List;

/**
 * What a DLQ replay did.
 *
 * @param target the topic replayed to
 * @param dryRun whether nothing was sent
 * @param replayed letters sent (or, in a dry run, that would be)
 * @param alreadyReplayed letters skipped because the replay log holds them
 * @param unfit letters skipped because their payload no longer fits the type's schema
 * @param copies letters skipped as copies of a letter with the same origin and attempt (see
 *     {@link LetterCopies}): one job is replayed per origin
 */
public record ReplayReport(
    String target, boolean dryRun, List<Entry> replayed, List<Entry> alreadyReplayed, List<Entry> unfit,
    List<Entry> copies) {

  /**
   * One letter in the report.
   *
   * @param jobId the job's id
   * @param position its DLQ {@code partition-offset}
   * @param detail where it went ({@code topic-partition-offset}), or why it was skipped; null in a dry run
   */
  public record Entry(String jobId, String position, String detail) {}

  public ReplayReport {
    replayed = List.copyOf(replayed);
    alreadyReplayed = List.copyOf(alreadyReplayed);
    unfit = List.copyOf(unfit);
    copies = List.copyOf(copies);
  }
}
