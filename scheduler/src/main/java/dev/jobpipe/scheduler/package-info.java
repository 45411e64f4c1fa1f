/**
 * Scheduled and recurring jobs on Kafka alone. A one-off job is a normal job record written to
 * {@code jobs.T.scheduled} (key = job id, header {@code jobpipe.not.before} = due time, header
 * {@code jobpipe.ordering.key} = its key on {@code jobs.T}); the {@link dev.jobpipe.scheduler.JobScheduler}
 * keeps it in a RocksDB store indexed by due time and writes it to {@code jobs.T} unchanged when due,
 * deleting it in the same exactly-once transaction. A tombstone cancels. Recurring schedules
 * ({@link dev.jobpipe.scheduler.CronSchedule}) live on the compacted {@code jobpipe.cron} topic;
 * each fire is a job with id {@code NAME@<fire time>}, written at most once per (name, fire time).
 */
package dev.jobpipe.scheduler;
