/**
 * How the local stack's children are run: the command line of a child JVM and its class-data
 * archive ({@link dev.jobpipe.deploy.local.internal.ChildJvm}, {@link
 * dev.jobpipe.deploy.local.internal.ClassDataArchive}), the watch that makes a tied child die with
 * its parent ({@link dev.jobpipe.deploy.local.internal.ParentWatch}), readiness probes, free ports,
 * and the pid records of detached children. Not an API: only {@code dev.jobpipe.deploy.local} uses
 * it.
 */
package dev.jobpipe.deploy.local.internal;
