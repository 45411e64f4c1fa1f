package dev.jobpipe.consumer.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure no record is held undone silently. A started record that is still not done after
 * {@code job.timeout.ms + handoff.timeout.ms} (the longest one run and one handoff may take) is
 * logged and counted as stuck, again after each further such period while it stays so. Such a
 * record is normally being retried in place (its handoff keeps failing, e.g. during a broker
 * outage); one that was given up while its partition is still owned here (its runner was
 * interrupted) would hold the partition's commits back for good, so it is started again.
 *
 * <p>Poll thread only: it reads the partition windows the poll thread owns.
 */
final class StuckRecordWatch {

  private static final Logger log = LoggerFactory.getLogger(StuckRecordWatch.class);

  private final long limitMillis;
  private final WorkerMetrics metrics;
  private final Predicate<JobEntry> retry;

  /** @param retry runs a given-up entry again; false when it was not given up after all */
  StuckRecordWatch(Duration jobTimeout, Duration handoffTimeout, WorkerMetrics metrics, Predicate<JobEntry> retry) {
    this.limitMillis = jobTimeout.toMillis() + handoffTimeout.toMillis();
    this.metrics = metrics;
    this.retry = retry;
  }

  /** Reports, and where needed restarts, the stuck records of {@code states} at {@code nowMillis}. */
  void check(Collection<PartitionState> states, long nowMillis) {
    for (PartitionState state : states) {
      if (state.closing()) {
        continue;
      }
      state.forEachHeld(entry -> check(entry, nowMillis));
    }
  }

  private void check(JobEntry entry, long nowMillis) {
    int status = entry.state();
    long started = entry.startedMillis();
    if (status == JobEntry.CANCELLED) {
      // given up although the partition is still ours: nobody would ever run or commit past it
      metrics.stuckRecord();
      if (retry.test(entry)) {
        log.warn("record {} was given up while its partition is still assigned; running it again", entry);
      }
      return;
    }
    if (status != JobEntry.RUNNING || started == 0 || nowMillis - started < limitMillis
        || nowMillis - entry.stuckReportedMillis < limitMillis) {
      return;
    }
    entry.stuckReportedMillis = nowMillis;
    metrics.stuckRecord();
    log.warn("record {} started {} ms ago and is not done yet (job.timeout.ms + handoff.timeout.ms = {} ms); "
        + "it is being retried, and the partition's commits wait for it", entry, nowMillis - started, limitMillis);
  }
}
