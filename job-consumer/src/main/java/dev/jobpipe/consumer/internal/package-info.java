/**
 * How the worker runs: one poll thread owns the consumer and a {@code PartitionState} per assigned
 * partition (the window of held records in offset order, and the lanes that serialise a key or a
 * partition); virtual threads run the jobs ({@code JobExecutor}) and flip each entry's atomic state
 * when it is done; the poll thread pops the done prefix and commits it in batches
 * ({@code OffsetCommitter}). Nothing on a job's path takes a lock shared with other jobs: lanes are
 * lock-free mailboxes, the concurrency bound is a semaphore, timeouts are found by one watchdog scan
 * ({@code TimeoutWatchdog}) rather than a timer per job. Failures are handed over by
 * {@code FailureHandoff}; outages of the registry or the broker are absorbed by a shared
 * exponential {@code BackoffGate} that also pauses fetching.
 */
package dev.jobpipe.consumer.internal;
