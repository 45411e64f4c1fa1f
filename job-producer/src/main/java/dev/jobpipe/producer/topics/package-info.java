/**
 * Topics as code: the topics of a job type ({@code jobs.T}, {@code jobs.T.failed},
 * {@code jobs.T.retry.<delay>} per tier, {@code jobs.T.dlq}) are computed from a
 * {@link dev.jobpipe.producer.topics.TopicLayout} as {@link dev.jobpipe.producer.topics.TopicSpec}s,
 * compared with the cluster into a {@link dev.jobpipe.producer.topics.TopicPlan}, and applied by the
 * {@link dev.jobpipe.producer.topics.TopicPlanner}: missing topics are created, managed configs set,
 * partitions grown on request. Applying twice changes nothing the second time; shrinking is refused.
 */
package dev.jobpipe.producer.topics;
