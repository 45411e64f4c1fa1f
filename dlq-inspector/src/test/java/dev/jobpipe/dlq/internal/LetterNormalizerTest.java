package dev.jobpipe.dlq.internal;

import static dev.jobpipe.dlq.Records.intBytes;
import static dev.jobpipe.dlq.Records.longBytes;
import static dev.jobpipe.dlq.Records.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.dlq.DeadLetter;
import dev.jobpipe.dlq.LetterConvention;
import dev.jobpipe.dlq.Records;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobHeaders;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class LetterNormalizerTest {

  private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

  @Test
  void jobpipeLetterFillsEveryColumnFromItsHeaders() {
    DeadLetter l = LetterNormalizer.normalize(
        Records.letter("jobs.email.dlq", 2, 42, T, "job-1", DlqReason.EXHAUSTED, "com.acme.SmtpException"));

    assertThat(l.convention()).isEqualTo(LetterConvention.JOBPIPE);
    assertThat(l.jobId()).isEqualTo("job-1");
    assertThat(l.attempt()).isEqualTo(3);
    assertThat(l.reason()).isEqualTo(DlqReason.EXHAUSTED);
    assertThat(l.errorClass()).isEqualTo("com.acme.SmtpException");
    assertThat(l.errorMessage()).isEqualTo("boom job-1");
    assertThat(l.errorStack()).startsWith("com.acme.SmtpException: boom\n\tat x.Y.z");
    assertThat(l.failedAt()).isEqualTo(T);
    assertThat(l.enqueuedAt()).isEqualTo(T.minusSeconds(60));
    assertThat(l.origin()).isEqualTo(new DeadLetter.Origin("jobs.email.retry.30s", 1, Records.originOffset("job-1")));
    assertThat(l.position()).isEqualTo("2-42");
    assertThat(l.schemaId()).isEqualTo(7);
    assertThat(l.replayOf()).isNull();
    assertThat(l.header(JobHeaders.FAILED_AT).orElseThrow().text()).isEqualTo(T.toEpochMilli() + " (" + T + ")");
  }

  @Test
  void jobpipeLetterWithoutJobIdDerivesItFromTheOrigin() {
    Headers h = new RecordHeaders();
    JobHeaders.set(h, JobHeaders.DLQ_REASON, "UNDECODABLE");
    JobHeaders.set(h, JobHeaders.ORIGIN_TOPIC, "jobs.email");
    JobHeaders.set(h, JobHeaders.ORIGIN_PARTITION, 0);
    JobHeaders.set(h, JobHeaders.ORIGIN_OFFSET, 9);
    DeadLetter l = LetterNormalizer.normalize(Records.record("jobs.email.dlq", 0, 3, T, null, utf8("garbage"), h));

    assertThat(l.jobId()).isEqualTo("jobs.email-0-9");
    assertThat(l.attempt()).isEqualTo(1);
    assertThat(l.reason()).isEqualTo(DlqReason.UNDECODABLE);
    assertThat(l.failedAt()).isEqualTo(T);
    assertThat(l.schemaId()).isNull();
  }

  @Test
  void springLetterDecodesBinaryNumbers() {
    Headers h = new RecordHeaders();
    h.add("kafka_dlt-original-topic", utf8("orders"));
    h.add("kafka_dlt-original-partition", intBytes(3));
    h.add("kafka_dlt-original-offset", longBytes(1234567890123L));
    h.add("kafka_dlt-original-timestamp", longBytes(T.minusSeconds(30).toEpochMilli()));
    h.add("kafka_dlt-original-timestamp-type", utf8("CreateTime"));
    h.add("kafka_dlt-original-consumer-group", utf8("order-service"));
    h.add("kafka_dlt-exception-fqcn", utf8("org.springframework.kafka.listener.ListenerExecutionFailedException"));
    h.add("kafka_dlt-exception-cause-fqcn", utf8("java.lang.IllegalStateException"));
    h.add("kafka_dlt-exception-message", utf8("Listener failed; no stock"));
    h.add("kafka_dlt-exception-stacktrace", utf8("java.lang.IllegalStateException: no stock\n\tat a.B.c(B.java:3)"));
    h.add("retry_topic-attempts", intBytes(4));
    DeadLetter l = LetterNormalizer.normalize(Records.record("orders-dlt", 0, 8, T, utf8("k"), utf8("{}"), h));

    assertThat(l.convention()).isEqualTo(LetterConvention.SPRING);
    assertThat(l.origin()).isEqualTo(new DeadLetter.Origin("orders", 3, 1234567890123L));
    assertThat(l.jobId()).isEqualTo("orders-3-1234567890123");
    assertThat(l.errorClass()).isEqualTo("java.lang.IllegalStateException");
    assertThat(l.errorMessage()).isEqualTo("Listener failed; no stock");
    assertThat(l.errorStack()).contains("at a.B.c");
    assertThat(l.attempt()).isEqualTo(4);
    assertThat(l.enqueuedAt()).isEqualTo(T.minusSeconds(30));
    assertThat(l.failedAt()).isEqualTo(T);
    assertThat(l.reason()).isNull();
    assertThat(l.header("kafka_dlt-original-offset").orElseThrow().text()).isEqualTo("1234567890123");
    assertThat(l.header("kafka_dlt-original-partition").orElseThrow().text()).isEqualTo("3");
    assertThat(l.header("kafka_dlt-original-timestamp").orElseThrow().text())
        .isEqualTo(T.minusSeconds(30).toEpochMilli() + " (" + T.minusSeconds(30) + ")");
  }

  @Test
  void springLetterWithoutCauseUsesTheTopException() {
    Headers h = new RecordHeaders();
    h.add("kafka_dlt-exception-fqcn", utf8("com.acme.Boom"));
    DeadLetter l = LetterNormalizer.normalize(Records.record("x-dlt", 1, 2, T, null, null, h));
    assertThat(l.errorClass()).isEqualTo("com.acme.Boom");
    assertThat(l.origin()).isNull();
    assertThat(l.jobId()).isEqualTo("x-dlt-1-2");
    assertThat(l.attempt()).isEqualTo(1);
  }

  @Test
  void springKeyExceptionIsUsedWhenTheValueHadNone() {
    Headers h = new RecordHeaders();
    h.add("kafka_dlt-key-exception-fqcn", utf8("com.acme.BadKey"));
    h.add("kafka_dlt-key-exception-message", utf8("bad key"));
    DeadLetter l = LetterNormalizer.normalize(Records.record("x-dlt", 0, 0, T, null, null, h));
    assertThat(l.errorClass()).isEqualTo("com.acme.BadKey");
    assertThat(l.errorMessage()).isEqualTo("bad key");
  }

  @Test
  void springPartitionOfWrongWidthIsIgnoredNotMisread() {
    Headers h = new RecordHeaders();
    h.add("kafka_dlt-original-topic", utf8("orders"));
    h.add("kafka_dlt-original-partition", new byte[12]);
    h.add("kafka_dlt-original-offset", longBytes(5));
    DeadLetter l = LetterNormalizer.normalize(Records.record("orders-dlt", 0, 1, T, null, null, h));
    assertThat(l.origin()).isNull();
    assertThat(l.header("kafka_dlt-original-partition").orElseThrow().text()).startsWith("0x0000");
  }

  @Test
  void connectLetterReadsStringHeaders() {
    Headers h = new RecordHeaders();
    h.add("__connect.errors.topic", utf8("customers"));
    h.add("__connect.errors.partition", utf8("2"));
    h.add("__connect.errors.offset", utf8("77"));
    h.add("__connect.errors.connector.name", utf8("jdbc-sink"));
    h.add("__connect.errors.task.id", utf8("0"));
    h.add("__connect.errors.stage", utf8("VALUE_CONVERTER"));
    h.add("__connect.errors.class.name", utf8("org.apache.kafka.connect.json.JsonConverter"));
    h.add("__connect.errors.exception.class.name", utf8("org.apache.kafka.connect.errors.DataException"));
    h.add("__connect.errors.exception.message", utf8("Converting byte[] to Kafka Connect data failed"));
    h.add("__connect.errors.exception.stacktrace", utf8("org.apache.kafka.connect.errors.DataException: ..."));
    DeadLetter l = LetterNormalizer.normalize(Records.record("dlq-jdbc", 0, 5, T, null, utf8("{bad"), h));

    assertThat(l.convention()).isEqualTo(LetterConvention.CONNECT);
    assertThat(l.origin()).isEqualTo(new DeadLetter.Origin("customers", 2, 77));
    assertThat(l.jobId()).isEqualTo("customers-2-77");
    assertThat(l.errorClass()).isEqualTo("org.apache.kafka.connect.errors.DataException");
    assertThat(l.errorMessage()).startsWith("Converting byte[]");
    assertThat(l.errorStack()).startsWith("org.apache.kafka.connect.errors.DataException");
    assertThat(l.failedAt()).isEqualTo(T);
    assertThat(l.attempt()).isEqualTo(1);
  }

  @Test
  void plainRecordIsStillALetter() {
    DeadLetter l = LetterNormalizer.normalize(
        Records.record("jobs.x.dlq", 1, 3, T, null, new byte[] {1, 2}, new RecordHeaders()));
    assertThat(l.convention()).isEqualTo(LetterConvention.PLAIN);
    assertThat(l.jobId()).isEqualTo("jobs.x.dlq-1-3");
    assertThat(l.attempt()).isEqualTo(1);
    assertThat(l.failedAt()).isEqualTo(T);
    assertThat(l.errorClass()).isNull();
    assertThat(l.reason()).isNull();
  }

  @Test
  void jobpipeHeadersWinOverForeignOnes() {
    Headers h = new RecordHeaders();
    h.add("kafka_dlt-exception-fqcn", utf8("spring.Thing"));
    JobHeaders.set(h, JobHeaders.ERROR_CLASS, "ours.Thing");
    DeadLetter l = LetterNormalizer.normalize(Records.record("t", 0, 0, T, null, null, h));
    assertThat(l.convention()).isEqualTo(LetterConvention.JOBPIPE);
    assertThat(l.errorClass()).isEqualTo("ours.Thing");
  }

  @Test
  void malformedJobpipeNumbersFallBack() {
    Headers h = new RecordHeaders();
    JobHeaders.set(h, JobHeaders.ATTEMPT, "three");
    JobHeaders.set(h, JobHeaders.FAILED_AT, "yesterday");
    JobHeaders.set(h, JobHeaders.DLQ_REASON, "BORED");
    JobHeaders.set(h, JobHeaders.ORIGIN_TOPIC, "jobs.x");
    JobHeaders.set(h, JobHeaders.ORIGIN_PARTITION, "-1");
    JobHeaders.set(h, JobHeaders.ORIGIN_OFFSET, 5);
    DeadLetter l = LetterNormalizer.normalize(Records.record("jobs.x.dlq", 0, 1, T, null, null, h));
    assertThat(l.attempt()).isEqualTo(1);
    assertThat(l.failedAt()).isEqualTo(T);
    assertThat(l.reason()).isNull();
    assertThat(l.origin()).isNull();
    assertThat(l.header(JobHeaders.FAILED_AT).orElseThrow().text()).isEqualTo("yesterday");
  }

  @Test
  void replayOfIsRead() {
    Headers h = new RecordHeaders();
    JobHeaders.set(h, JobHeaders.REPLAY_OF, "0-12");
    DeadLetter l = LetterNormalizer.normalize(Records.record("jobs.x.dlq", 0, 20, T, null, null, h));
    assertThat(l.replayOf()).isEqualTo("0-12");
  }
}
