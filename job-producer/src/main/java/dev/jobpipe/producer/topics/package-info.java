/**
 * Topics as code: the topics of a job type (DESIGN.md's table) are computed from a
 * {@link dev.jobpipe.producer.topics.TopicLayout} as {@link dev.jobpipe.schemas.topics.TopicSpec}s,
 * compared with the cluster into a {@link dev.jobpipe.producer.topics.TopicPlan}, and applied by the
 * {@link dev.jobpipe.producer.topics.TopicPlanner}: missing topics are created, managed configs set,
 * partitions grown on request. Applying twice changes nothing the second time; shrinking is refused.
 */
package dev.jobpipe.producer.topics;
