/**
 * The benchmark harness: {@link dev.jobpipe.bench.Bench} runs jobpipe's publisher, worker and retry
 * router side by side with plain Kafka clients, Spring for Apache Kafka and Confluent Parallel
 * Consumer on one embedded broker, and writes the figures as a report. Not part of the test suite:
 * the module is built only with {@code -Pbench}, and nothing here asserts a timing.
 */
package dev.jobpipe.bench;
