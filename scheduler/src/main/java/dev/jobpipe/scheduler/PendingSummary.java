package dev.jobpipe.scheduler;

import java.time.Instant;

/**
 * The one-off jobs of one type waiting in the scheduler's store ({@link PendingJobs#summary}).
 *
 * @param count how many are pending
 * @param nextDue the earliest due time among them
 */
public record PendingSummary(String type, long count, Instant nextDue) {}
