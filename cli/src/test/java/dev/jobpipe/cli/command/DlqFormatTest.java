package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.dlq.DeadLetter;
import dev.jobpipe.dlq.PayloadView;
import dev.jobpipe.dlq.internal.LetterNormalizer;
import dev.jobpipe.schemas.JobHeaders;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DlqFormatTest {

  static final Instant T = Instant.parse("2024-05-01T10:00:00.123Z");

  static DeadLetter jobpipeLetter() {
    Headers h = new RecordHeaders();
    JobHeaders.set(h, JobHeaders.JOB_ID, "0190d6b4-5a1e-7c3d-9f00-123456789abc");
    JobHeaders.set(h, JobHeaders.ATTEMPT, 4);
    JobHeaders.set(h, JobHeaders.ENQUEUED_AT, T.minusSeconds(400));
    JobHeaders.set(h, JobHeaders.ORIGIN_TOPIC, "jobs.email.retry.5m");
    JobHeaders.set(h, JobHeaders.ORIGIN_PARTITION, 0);
    JobHeaders.set(h, JobHeaders.ORIGIN_OFFSET, 12);
    JobHeaders.set(h, JobHeaders.ERROR_CLASS, "com.acme.mail.transport.smtp.SmtpTimeoutException");
    JobHeaders.set(h, JobHeaders.ERROR_MESSAGE, "connect timed out\nafter 30s to smtp.acme.test:25");
    JobHeaders.set(h, JobHeaders.ERROR_STACK, "com.acme.SmtpTimeoutException: connect timed out\n\tat com.acme.Smtp.send(Smtp.java:10)");
    JobHeaders.set(h, JobHeaders.FAILED_AT, T);
    JobHeaders.set(h, JobHeaders.DLQ_REASON, "EXHAUSTED");
    h.add("blob", new byte[] {0, 1, 2});
    byte[] value = ByteBuffer.allocate(7).put((byte) 0).putInt(12).put((byte) 2).put((byte) 4).array();
    return LetterNormalizer.normalize(new ConsumerRecord<>("jobs.email.dlq", 1, 42, T.plusSeconds(1).toEpochMilli(),
        TimestampType.CREATE_TIME, 1, value.length, "k".getBytes(StandardCharsets.UTF_8), value, h, Optional.empty()));
  }

  static DeadLetter plainLetter() {
    return LetterNormalizer.normalize(new ConsumerRecord<>("jobs.email.dlq", 0, 7, T.toEpochMilli(),
        TimestampType.CREATE_TIME, -1, 3, null, new byte[] {1, 2, 3}, new RecordHeaders(), Optional.empty()));
  }

  @Test
  void listRowsShowEveryColumn() {
    String out = DlqFormat.listTable(List.of(jobpipeLetter(), plainLetter())).render(200);
    List<String> lines = out.lines().toList();
    assertThat(lines.get(0)).startsWith("JOB ID").contains("ATTEMPT", "REASON", "ERROR CLASS", "MESSAGE", "FAILED AT")
        .endsWith("DLQ OFFSET");
    assertThat(lines.get(1)).startsWith("0190d6b4-5a1e-7c3d-9f00-123456789abc")
        .contains("  4  ", "EXHAUSTED", "c.a.m.t.s.SmtpTimeoutException", "connect timed out after 30s",
            "2024-05-01T10:00:00Z")
        .endsWith("1-42");
    assertThat(lines.get(2)).startsWith("jobs.email.dlq-0-7").contains("  1  ", "  -  ").endsWith("0-7");
  }

  @Test
  void messageIsCutToFitTheWidth() {
    String out = DlqFormat.listTable(List.of(jobpipeLetter())).render(DlqFormat.DEFAULT_WIDTH);
    assertThat(out.lines()).allMatch(l -> l.length() <= DlqFormat.DEFAULT_WIDTH);
    assertThat(out).contains("connect timed out after 30s to", "...");
  }

  @Test
  void jsonLineCarriesEveryColumn() {
    String json = DlqJson.line(jobpipeLetter());
    assertThat(json).startsWith("{\"jobId\":\"0190d6b4-5a1e-7c3d-9f00-123456789abc\",\"attempt\":4,\"reason\":\"EXHAUSTED\",")
        .contains("\"errorClass\":\"com.acme.mail.transport.smtp.SmtpTimeoutException\"",
            "\"errorMessage\":\"connect timed out\\nafter 30s to smtp.acme.test:25\"",
            "\"failedAt\":\"2024-05-01T10:00:00.123Z\"", "\"partition\":1", "\"offset\":42", "\"position\":\"1-42\"",
            "\"origin\":\"jobs.email.retry.5m-0-12\"", "\"schemaId\":12", "\"convention\":\"jobpipe\"", "\"replayOf\":null")
        .doesNotContain("\n");
  }

  @Test
  void showPrintsFailureHistoryHeadersPayloadAndStack() {
    StringWriter s = new StringWriter();
    DlqShowCommand.print(new PrintWriter(s), jobpipeLetter(), new PayloadView(12, "acme.Email", "{\n  \"to\" : \"a\"\n}", null));
    String out = s.toString();
    assertThat(out).startsWith("Dead letter jobs.email.dlq 1-42 (jobpipe convention)\n")
        .contains("  error class       com.acme.mail.transport.smtp.SmtpTimeoutException\n")
        .contains("History\n  enqueued at       2024-05-01T09:53:20Z\n  attempts          4 (3 retried)\n"
            + "  last read from    jobs.email.retry.5m-0-12\n")
        .contains("  dead-lettered at  2024-05-01T10:00:01Z (EXHAUSTED)\n")
        .contains("  replay of         - (never replayed before)\n")
        .contains("  jobpipe.failed.at = 1714557600123 (2024-05-01T10:00:00.123Z)\n")
        .contains("  blob = 0x000102\n")
        .contains("Key\n  k\n")
        .contains("Payload (schema id 12, acme.Email)\n  {\n    \"to\" : \"a\"\n  }\n")
        .contains("Stack trace\n  com.acme.SmtpTimeoutException: connect timed out\n  \tat com.acme.Smtp.send(Smtp.java:10)\n");
  }

  @Test
  void showExplainsAnUndecodablePayload() {
    StringWriter s = new StringWriter();
    DlqShowCommand.print(new PrintWriter(s), plainLetter(), new PayloadView(null, null, null, "not decodable (BAD_MAGIC_BYTE): x"));
    assertThat(s.toString()).contains("Payload\n  not decodable (BAD_MAGIC_BYTE): x\n  raw: 0x010203\n")
        .contains("Stack trace\n  (none recorded)\n").contains("Key\n  (null)\n");
  }

  @Test
  void widthComesFromTheOptionOrDefaults() {
    assertThat(DlqFormat.width(100)).isEqualTo(100);
    assertThatThrownBy(() -> DlqFormat.width(10)).isInstanceOf(IllegalArgumentException.class);
    if (System.getenv("COLUMNS") == null) {
      assertThat(DlqFormat.width(null)).isEqualTo(DlqFormat.DEFAULT_WIDTH);
    }
  }

  @Test
  void counts() {
    assertThat(DlqFormat.count(1, "letter", "letters")).isEqualTo("1 letter");
    assertThat(DlqFormat.count(0, "letter", "letters")).isEqualTo("0 letters");
  }
}
