/**
 * The job ledger: the state of every job by id, folded from the job topics alone (headers of
 * {@code jobs.T}, {@code jobs.T.done}, {@code .failed}, the retry tiers, {@code .dlq},
 * {@code .scheduled}, {@code .control}) by a Kafka Streams application ({@link
 * dev.jobpipe.ledger.JobLedger}), and queried over HTTP, e.g. with {@link
 * dev.jobpipe.ledger.JobLedgerClient}. A job's {@link dev.jobpipe.ledger.JobState} never moves
 * backwards, whatever order its events are read in; only a replay of a dead job starts it again.
 */
package dev.jobpipe.ledger;
