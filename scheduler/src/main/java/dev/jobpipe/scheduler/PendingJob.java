package dev.jobpipe.scheduler;

import java.time.Instant;

/**
 * A one-off job waiting in the scheduler's store.
 *
 * @param key its key on {@code jobs.T}: the ordering key, or the job id
 */
public record PendingJob(String type, String jobId, Instant due, String key) {}
