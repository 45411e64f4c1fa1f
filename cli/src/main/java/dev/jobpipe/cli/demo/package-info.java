/**
 * The {@code jobpipe demo}: example handlers for the three example job types, whose payloads decide
 * how they behave (succeed, fail once, fail until dead-lettered, fail terminally), and the
 * orchestration that runs publisher, workers and router together and accounts for every job.
 *
 * <p>The handlers are ordinary {@link dev.jobpipe.consumer.JobHandler}s with public no-arg
 * constructors, so {@code jobpipe worker --handler dev.jobpipe.cli.demo.EmailSendHandler} (compose,
 * Kubernetes examples) runs them too.
 */
package dev.jobpipe.cli.demo;
