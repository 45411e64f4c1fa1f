/**
 * The consumers that compete on a pre-filled topic, each run in a child JVM of its own by
 * {@link dev.jobpipe.bench.contender.ChildMain}: jobpipe's worker, a plain consumer loop, Spring's
 * listener container and Confluent Parallel Consumer, all timed the same way through
 * {@link dev.jobpipe.bench.contender.Progress}.
 */
package dev.jobpipe.bench.contender;
