package dev.jobpipe.consumer.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class FailureHandoffTest {

  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_800_000_000_000L), ZoneOffset.UTC);
  private final FailureHandoff handoff = new FailureHandoff(JobTopics.of("unit.job"),
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()), clock, 1024,
      Duration.ofSeconds(5));

  @Test
  void replacesEarlierFailureHeadersAndKeepsEverythingElse() {
    ConsumerRecord<byte[], byte[]> origin = WorkerHarness.record(2, 77, "key", "value",
        new RecordHeader(JobHeaders.ERROR_CLASS, "old.Error".getBytes(UTF_8)),
        new RecordHeader(JobHeaders.ORIGIN_OFFSET, "3".getBytes(UTF_8)),
        new RecordHeader(JobHeaders.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(UTF_8)),
        new RecordHeader(JobHeaders.ENQUEUED_AT, "123".getBytes(UTF_8)));
    ProducerRecord<byte[], byte[]> failed = handoff.failedRecord(origin, new IllegalStateException("boom"), true);
    Headers h = failed.headers();
    assertThat(failed.topic()).isEqualTo("jobs.unit.job.failed");
    assertThat(failed.key()).isEqualTo(origin.key());
    assertThat(failed.value()).isSameAs(origin.value());
    assertThat(failed.partition()).isNull();
    assertThat(h.headers(JobHeaders.ERROR_CLASS)).hasSize(1);
    assertThat(JobHeaders.string(h, JobHeaders.ERROR_CLASS)).contains("java.lang.IllegalStateException");
    assertThat(JobHeaders.number(h, JobHeaders.ORIGIN_OFFSET)).hasValue(77);
    assertThat(JobHeaders.number(h, JobHeaders.ORIGIN_PARTITION)).hasValue(2);
    assertThat(JobHeaders.number(h, JobHeaders.FAILED_AT)).hasValue(1_800_000_000_000L);
    assertThat(JobHeaders.number(h, JobHeaders.ENQUEUED_AT)).hasValue(123);
    assertThat(JobHeaders.number(h, JobHeaders.ATTEMPT)).hasValue(1);
    assertThat(JobHeaders.string(h, JobHeaders.TRACEPARENT)).isPresent();
    assertThat(JobHeaders.jobId(h)).contains("jobs.unit.job-2-77");
    // the consumed record itself is untouched
    assertThat(JobHeaders.string(origin.headers(), JobHeaders.ERROR_CLASS)).contains("old.Error");
  }

  @Test
  void stackTraceIsCutToTheConfiguredSizeOnACharacterBoundary() {
    Exception deep = new RuntimeException("ü".repeat(50));
    for (int i = 0; i < 30; i++) {
      deep = new RuntimeException("level " + i + " é", deep);
    }
    ProducerRecord<byte[], byte[]> failed = handoff.failedRecord(WorkerHarness.record(0, 0, "k", "v"), deep, true);
    String stack = JobHeaders.string(failed.headers(), JobHeaders.ERROR_STACK).orElseThrow();
    assertThat(stack.getBytes(UTF_8).length).isLessThanOrEqualTo(1024);
    assertThat(stack).startsWith("java.lang.RuntimeException: level 29").endsWith("[truncated]");
    assertThat(stack).doesNotContain("\uFFFD");
  }

  @Test
  void truncateKeepsShortTextAndNeverSplitsACharacter() {
    assertThat(FailureHandoff.truncateUtf8("short", 100)).isEqualTo("short");
    String cut = FailureHandoff.truncateUtf8("€".repeat(100), 40);
    assertThat(cut.getBytes(UTF_8).length).isLessThanOrEqualTo(40);
    assertThat(cut).startsWith("€").doesNotContain("\uFFFD").endsWith("[truncated]");
  }

  @Test
  void nullMessageIsWrittenAsNull() {
    ProducerRecord<byte[], byte[]> failed = handoff.failedRecord(WorkerHarness.record(0, 0, null, "v"), new NullPointerException(), false);
    assertThat(JobHeaders.string(failed.headers(), JobHeaders.ERROR_MESSAGE)).contains("null");
    assertThat(failed.key()).isNull();
  }

  @Test
  void aHandoffTheBrokerNeverAnswersFailsAfterTheHandoffTimeout() {
    // a producer that never completes a send: the handoff must not hold its record undone for good
    FailureHandoff silent = new FailureHandoff(JobTopics.of("unit.job"),
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer()), clock, 1024,
        Duration.ofMillis(50));
    ProducerRecord<byte[], byte[]> failed = silent.failedRecord(WorkerHarness.record(0, 0, "k", "v"),
        new IllegalStateException("boom"), true);
    assertThatThrownBy(() -> silent.send(failed)).isInstanceOf(TimeoutException.class)
        .hasMessageContaining("handoff.timeout.ms");
  }
}
