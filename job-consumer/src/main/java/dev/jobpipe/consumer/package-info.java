/**
 * The job worker: what a handler author implements ({@link dev.jobpipe.consumer.JobHandler},
 * receiving a {@link dev.jobpipe.consumer.Job}, signalling intent with
 * {@link dev.jobpipe.consumer.RetryableJobException} or
 * {@link dev.jobpipe.consumer.TerminalJobException}) and what runs it
 * ({@link dev.jobpipe.consumer.JobWorker}, configured by
 * {@link dev.jobpipe.consumer.JobWorkerConfig}).
 *
 * <p>Delivery is at-least-once with commit-after-success: a worker commits an offset only when
 * that record and every earlier one of its partition is done, meaning it succeeded or its failure
 * was acknowledged by the broker on {@code jobs.T.failed}, from where the retry router takes over.
 * Jobs of one partition run concurrently on virtual threads, ordered per key, per partition or not
 * at all ({@link dev.jobpipe.consumer.Ordering}); the committed offset is always the contiguous done
 * prefix, so concurrency never weakens the guarantee.
 */
package dev.jobpipe.consumer;
