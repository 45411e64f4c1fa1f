/**
 * How the console works inside: authentication ({@link dev.jobpipe.console.web.internal.UserDirectory},
 * {@link dev.jobpipe.console.web.internal.Sessions}, {@link dev.jobpipe.console.web.internal.AccessFilter}:
 * who may call what, CSRF), the periodic Kafka sampling behind the overview
 * ({@link dev.jobpipe.console.web.internal.KafkaSampler}), and one routes class per page of the API.
 */
package dev.jobpipe.console.web.internal;
