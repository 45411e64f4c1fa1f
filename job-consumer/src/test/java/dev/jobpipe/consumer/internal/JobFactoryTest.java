package dev.jobpipe.consumer.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.schemas.JobHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class JobFactoryTest {

  private final JobFactory factory = new JobFactory("unit.job");

  private Job<Object> create(ConsumerRecord<byte[], byte[]> record, Object payload) {
    return factory.create(record, JobHeaders.read(record.headers()), payload);
  }

  @Test
  void plainRecordGetsDerivedIdFirstAttemptAndRecordTimestamp() {
    Job<Object> job = create(WorkerHarness.record(3, 9, null, "v"), "payload");
    assertThat(job.id()).isEqualTo("jobs.unit.job-3-9");
    assertThat(job.attempt()).isEqualTo(1);
    assertThat(job.enqueuedAt().toEpochMilli()).isEqualTo(1_700_000_000_009L);
    assertThat(job.trace()).isEmpty();
    assertThat(job.key()).isEmpty();
    assertThat(job.topic()).isEqualTo(WorkerHarness.TOPIC);
  }

  @Test
  void headersOverrideDerivedValuesAndAreReadOnly() {
    Job<Object> job = create(WorkerHarness.record(0, 1, "k", "v",
        new RecordHeader(JobHeaders.JOB_ID, "id-1".getBytes(UTF_8)),
        new RecordHeader(JobHeaders.ATTEMPT, "4".getBytes(UTF_8)),
        new RecordHeader(JobHeaders.ENQUEUED_AT, "42".getBytes(UTF_8)),
        new RecordHeader(JobHeaders.TRACEPARENT, "garbage".getBytes(UTF_8))), "p");
    assertThat(job.id()).isEqualTo("id-1");
    assertThat(job.attempt()).isEqualTo(4);
    assertThat(job.enqueuedAt().toEpochMilli()).isEqualTo(42);
    assertThat(job.trace()).isEmpty();
    assertThat(job.headers().lastHeader(JobHeaders.JOB_ID)).isNotNull();
    assertThat(job.headers()).hasSize(4);
    assertThatThrownBy(() -> job.headers().add("x", new byte[0])).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> job.headers().remove(JobHeaders.JOB_ID)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void waitStartsAtNotBeforeForRetriedJobs() {
    var record = WorkerHarness.record(0, 1, "k", "v", new RecordHeader(JobHeaders.NOT_BEFORE, "5000".getBytes(UTF_8)),
        new RecordHeader(JobHeaders.ENQUEUED_AT, "1000".getBytes(UTF_8)));
    assertThat(JobFactory.dueAtMillis(JobHeaders.read(record.headers()), create(record, "p"))).isEqualTo(5000);
    var fresh = WorkerHarness.record(0, 2, "k", "v", new RecordHeader(JobHeaders.ENQUEUED_AT, "1000".getBytes(UTF_8)));
    assertThat(JobFactory.dueAtMillis(JobHeaders.read(fresh.headers()), create(fresh, "p"))).isEqualTo(1000);
  }
}
