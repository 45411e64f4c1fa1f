package dev.jobpipe.scheduler;

import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One fire of a recurring schedule as the job record it becomes on {@code jobs.T}: id
 * {@code NAME@<fire time>}, the schedule's key (or the id), the schedule's encoded payload, and the
 * headers of a first attempt plus {@code jobpipe.schedule.name} and {@code jobpipe.not.before} = the
 * fire time. The scheduler and {@code jobpipe cron trigger} build fires here alone.
 */
public record CronFire(String topic, String jobId, byte[] key, byte[] value, Headers headers, Instant fireTime) {

  /** The fire of {@code schedule} at {@code fireTime}, enqueued at {@code now}; the schedule must be applied (encoded). */
  public static CronFire of(CronSchedule schedule, Instant fireTime, Instant now) {
    if (schedule.value() == null) {
      throw new IllegalArgumentException("schedule " + schedule.name() + " has no encoded payload: apply it with jobpipe cron apply");
    }
    String id = CronSchedule.fireId(schedule.name(), fireTime);
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    Headers headers = new RecordHeaders();
    headers.add(JobHeaders.JOB_ID, idBytes);
    JobHeaders.set(headers, JobHeaders.JOB_TYPE, schedule.type());
    JobHeaders.set(headers, JobHeaders.ATTEMPT, 1);
    JobHeaders.set(headers, JobHeaders.ENQUEUED_AT, now);
    JobHeaders.set(headers, JobHeaders.NOT_BEFORE, fireTime);
    JobHeaders.set(headers, JobHeaders.SCHEDULE_NAME, schedule.name());
    byte[] key = schedule.key() != null ? schedule.key().getBytes(StandardCharsets.UTF_8) : idBytes;
    return new CronFire(JobTopics.of(schedule.type()).main(), id, key, schedule.value(), headers, fireTime);
  }
}
