/**
 * The example job types ({@code email.send}, {@code image.resize}, {@code report.generate}) and their
 * demo handlers, whose payloads decide how they behave (succeed, fail once, fail until
 * dead-lettered, fail terminally). Used by {@code jobpipe demo}, the deployment examples and
 * jobpipe's own tests; never a dependency of the library artifacts.
 *
 * <p>The handlers are ordinary {@link dev.jobpipe.consumer.JobHandler}s with public no-arg
 * constructors, so {@code jobpipe worker --handler dev.jobpipe.examples.EmailSendHandler} (compose,
 * Kubernetes examples) runs them too.
 */
package dev.jobpipe.examples;
