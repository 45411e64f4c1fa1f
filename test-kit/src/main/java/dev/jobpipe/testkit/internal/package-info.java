/**
 * The machinery behind {@link dev.jobpipe.testkit.JobpipeStack}: the choice between the embedded
 * stack and an external cluster ({@link dev.jobpipe.testkit.internal.StackMode}), the embedded
 * broker and registry of one test JVM ({@link dev.jobpipe.testkit.internal.EmbeddedStack}), and the
 * TCP proxy that lets a test cut the registry ({@link dev.jobpipe.testkit.internal.TcpProxy}).
 */
package dev.jobpipe.testkit.internal;
