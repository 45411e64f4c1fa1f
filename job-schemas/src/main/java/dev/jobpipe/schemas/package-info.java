/**
 * The wire contract of jobpipe shared by every module and by publishers in other languages: the
 * topic names of a job type ({@link dev.jobpipe.schemas.JobTopics}), the record headers ({@link
 * dev.jobpipe.schemas.JobHeaders}, the only place their names are spelled), retry tier delays
 * ({@link dev.jobpipe.schemas.RetryDelays}) and dead-letter reasons ({@link
 * dev.jobpipe.schemas.DlqReason}). The payload format lives in {@code .serde}, the registry client
 * in {@code .registry}, the build-time schema compatibility gate in {@code .compat}, and the
 * generated job payload classes in {@code .jobs}.
 */
package dev.jobpipe.schemas;
