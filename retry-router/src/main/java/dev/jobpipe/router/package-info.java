/**
 * The retry router: moves failed jobs through tiered delay topics and gives up on them in the
 * dead-letter topic.
 *
 * <p>A worker writes every failed attempt to {@code jobs.T.failed}. The routing, a Kafka Streams
 * application with exactly-once processing, reads every failed topic, drops duplicate failures of
 * the same (job id, attempt), and asks a {@link dev.jobpipe.router.RoutingDecider} where each goes:
 * a retry tier topic {@code jobs.T.retry.<delay>} with a due time in {@code jobpipe.not.before}, or
 * {@code jobs.T.dlq} with a {@code jobpipe.dlq.reason}. The default decider follows the
 * {@link dev.jobpipe.router.RetryPolicy} of the job type from {@link dev.jobpipe.router.RetryPolicies}.
 * A tier forwarder holds each retry until it is due and returns it to {@code jobs.T} with the next
 * attempt number, transactionally. {@link dev.jobpipe.router.RetryRouter} runs both, configured by
 * {@link dev.jobpipe.router.RouterConfig}. The payload is never decoded on the way.
 */
package dev.jobpipe.router;
