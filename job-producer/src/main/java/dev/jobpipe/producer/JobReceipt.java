package dev.jobpipe.producer;

import java.time.Instant;

/**
 * Proof that the cluster acknowledged a job with {@code acks=all}: where it is stored, and the id
 * a worker, the DLQ inspector and logs will know it by.
 *
 * @param jobId the {@code jobpipe.job.id} header value
 * @param timestamp the record timestamp (the publish time, unless the topic uses log-append time)
 */
public record JobReceipt(String jobId, String topic, int partition, long offset, Instant timestamp) {}
