package dev.jobpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class JobIdsTest {

  @Test
  void aRecordWithoutAnIdIsNamedByWhereItWasRead() {
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("jobs.email", 3, 42L, null, null);
    assertThat(JobIds.derived(record)).isEqualTo("jobs.email-3-42");
    assertThat(JobIds.of(record)).isEqualTo("jobs.email-3-42");
    JobHeaders.set(record.headers(), JobHeaders.JOB_ID, "given");
    assertThat(JobIds.of(record)).isEqualTo("given");
  }

  @Test
  void theOriginHeadersOfAFailureGiveTheSameId() {
    RecordHeaders headers = new RecordHeaders();
    assertThat(JobIds.fromOrigin(headers)).isEmpty();
    JobHeaders.set(headers, JobHeaders.ORIGIN_TOPIC, "jobs.email");
    JobHeaders.set(headers, JobHeaders.ORIGIN_PARTITION, 3);
    assertThat(JobIds.fromOrigin(headers)).isEmpty();
    JobHeaders.set(headers, JobHeaders.ORIGIN_OFFSET, 42);
    assertThat(JobIds.fromOrigin(headers)).contains(JobIds.derived("jobs.email", 3, 42));
    JobHeaders.set(headers, JobHeaders.ORIGIN_OFFSET, "-1");
    assertThat(JobIds.fromOrigin(headers)).isEmpty();
  }

  @Test
  void positionsAndScheduledIds() {
    assertThat(JobIds.position(0, 7)).isEqualTo("0-7");
    assertThat(JobIds.scheduled("nightly", Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("nightly@2026-01-02T03:04:05Z");
  }

  @Test
  void theScheduleOfAFireIdAndOfNoOtherId() {
    assertThat(JobIds.scheduleOf(JobIds.scheduled("nightly", Instant.parse("2026-01-02T03:04:05.120Z"))))
        .contains("nightly");
    assertThat(JobIds.scheduleOf("0190f5e2-7c1a-7000-8000-000000000000")).isEmpty();
    assertThat(JobIds.scheduleOf("user@example.com")).isEmpty();
    assertThat(JobIds.scheduleOf("@2026-01-02T03:04:05Z")).isEmpty();
    assertThat(JobIds.scheduleOf(null)).isEmpty();
  }
}
