/**
 * Handler tests for users. {@link dev.jobpipe.test.JobHandlerTester} runs a handler in memory, in
 * milliseconds, and answers what the pipeline would do with the attempt (done, retry tier, or dead
 * letter with its reason) by running the worker's classifier and the router's decider, the same code
 * as in production. {@link dev.jobpipe.test.JobpipeExtension} runs a service's tests against a real
 * Kafka broker and Schema Registry, started from Maven coordinates (no checkout, no Docker) or an
 * external cluster.
 */
package dev.jobpipe.test;
