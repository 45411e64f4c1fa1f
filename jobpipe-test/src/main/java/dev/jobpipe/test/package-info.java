/**
 * Handler tests for users. {@link dev.jobpipe.test.JobHandlerTester} runs a handler in memory, in
 * milliseconds, and answers what the pipeline would do with the attempt (done, retry tier, or dead
 * letter with its reason) by running the worker's classifier and the router's decider, the same code
 * as in production. Tests against a real broker and registry use the embedded stack of
 * {@code test-kit}.
 */
package dev.jobpipe.test;
