/**
 * Inspection, replay and purge of a job type's dead letters ({@code jobs.T.dlq}), and replay of
 * any topic range.
 *
 * <p>Every read here assigns partitions and seeks ({@link dev.jobpipe.dlq.TopicLog}); nothing joins
 * a consumer group, so inspecting a topic never moves anyone's committed offsets. A record read
 * from a DLQ becomes a {@link dev.jobpipe.dlq.DeadLetter}: one normalised view whether jobpipe's
 * router wrote it or another tool did (Spring Kafka's {@code kafka_dlt-*} headers, Kafka Connect's
 * {@code __connect.errors.*}). {@link dev.jobpipe.dlq.DlqReplayer} republishes letters to the main
 * topic idempotently through a compacted replay log, {@code jobs.T.dlq.replayed};
 * {@link dev.jobpipe.dlq.TopicReplayer} replays any offset or time range;
 * {@link dev.jobpipe.dlq.DlqPurger} deletes old letters; {@link dev.jobpipe.dlq.GroupOffsetReset}
 * rewinds a stopped consumer group instead of copying records.
 */
package dev.jobpipe.dlq;
