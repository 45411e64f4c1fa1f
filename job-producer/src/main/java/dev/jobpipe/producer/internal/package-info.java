/**
 * Implementation of the publisher: the Kafka-backed {@code KafkaJobPublisher} with its per-type
 * route cache, the UUIDv7 job id generator, traceparent validation, and the two seams
 * ({@code PayloadEncoder}, {@code TopicMetadata}) that keep the registry and the admin API out of
 * unit tests. Not API: may change without notice.
 */
package dev.jobpipe.producer.internal;
