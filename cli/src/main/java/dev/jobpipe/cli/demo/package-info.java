/**
 * The {@code jobpipe demo}: the orchestration that runs publisher, workers (the example handlers of
 * {@link dev.jobpipe.examples}) and router together on the example job types, and accounts for
 * every job.
 */
package dev.jobpipe.cli.demo;
