/**
 * How the inspector works inside: header conventions of other tools normalised to jobpipe's
 * columns, the Kafka-backed {@link dev.jobpipe.dlq.TopicLog}, the replay log, the registry schema
 * check, and the rate limiter. Nothing here is API; it may change without notice.
 */
package dev.jobpipe.dlq.internal;
