/**
 * The reliability harness: real {@code jobpipe} worker and router processes
 * ({@link dev.jobpipe.reliability.harness.ProcessFleet}, killed with SIGKILL or SIGTERM by
 * {@link dev.jobpipe.reliability.harness.JobpipeProcess}), a handler that records every execution
 * in a per-process append-only file and misbehaves on command
 * ({@link dev.jobpipe.reliability.harness.RecordingHandler}, driven by
 * {@link dev.jobpipe.reliability.harness.Behavior} markers in job ids), and a
 * {@link dev.jobpipe.reliability.harness.Reconciler} that accounts for every published job from
 * those files and the raw DLQ topic alone, trusting nothing the system under test reports.
 */
package dev.jobpipe.reliability.harness;
