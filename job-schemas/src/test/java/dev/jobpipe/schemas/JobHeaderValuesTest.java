package dev.jobpipe.schemas;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class JobHeaderValuesTest {

  @Test
  void readsWhatTheSearchesByNameRead() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(JobHeaders.JOB_ID, "first".getBytes(UTF_8));
    headers.add(JobHeaders.JOB_ID, "id-1".getBytes(UTF_8));
    headers.add(JobHeaders.ATTEMPT, "3".getBytes(UTF_8));
    headers.add(JobHeaders.ENQUEUED_AT, " 42 ".getBytes(UTF_8));
    headers.add(JobHeaders.NOT_BEFORE, "5000".getBytes(UTF_8));
    headers.add(JobHeaders.REPLAY_OF, "2-7".getBytes(UTF_8));
    headers.add(JobHeaders.TRACEPARENT, "tp".getBytes(UTF_8));
    headers.add("foreign", "x".getBytes(UTF_8));
    JobHeaderValues values = JobHeaders.read(headers);
    assertThat(values.jobId()).isEqualTo(JobHeaders.jobId(headers)).contains("id-1");
    assertThat(values.attempt()).isEqualTo(JobHeaders.attempt(headers)).isEqualTo(3);
    assertThat(values.enqueuedAtMillis(-1)).isEqualTo(42);
    assertThat(values.notBeforeMillis(-1)).isEqualTo(5000);
    assertThat(new String(values.replayOfBytes(), UTF_8)).isEqualTo("2-7");
    assertThat(values.traceparent()).contains("tp");
  }

  @Test
  void absentOrMalformedValuesFallBackAsThePlainClientRulesSay() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(JobHeaders.ATTEMPT, "0".getBytes(UTF_8));
    headers.add(JobHeaders.ENQUEUED_AT, "soon".getBytes(UTF_8));
    headers.add(JobHeaders.NOT_BEFORE, null);
    JobHeaderValues values = JobHeaders.read(headers);
    assertThat(values.jobId()).isEmpty();
    assertThat(values.attempt()).isEqualTo(1);
    assertThat(values.enqueuedAtMillis(7)).isEqualTo(7);
    assertThat(values.notBeforeMillis(8)).isEqualTo(8);
    assertThat(values.replayOfBytes()).isNull();
    assertThat(values.traceparent()).isEmpty();
    headers.add(JobHeaders.ATTEMPT, "99999999999".getBytes(UTF_8));
    assertThat(JobHeaders.read(headers).attempt()).isEqualTo(1).isEqualTo(JobHeaders.attempt(headers));
  }

  @Test
  void decimalsAreReadFromTheBytesAndOtherFormsAsLongParsesThem() {
    assertThat(JobHeaders.decimal("1700000000000".getBytes(UTF_8))).hasValue(1_700_000_000_000L);
    assertThat(JobHeaders.decimal("-5".getBytes(UTF_8))).hasValue(-5);
    assertThat(JobHeaders.decimal("+5\n".getBytes(UTF_8))).hasValue(5);
    assertThat(JobHeaders.decimal(String.valueOf(Long.MAX_VALUE).getBytes(UTF_8))).hasValue(Long.MAX_VALUE);
    assertThat(JobHeaders.decimal("92233720368547758070".getBytes(UTF_8))).isEmpty();
    assertThat(JobHeaders.decimal("".getBytes(UTF_8))).isEmpty();
    assertThat(JobHeaders.decimal("1x".getBytes(UTF_8))).isEmpty();
    assertThat(JobHeaders.decimal("\u0661".getBytes(UTF_8))).isEqualTo(OptionalLong.of(Long.parseLong("\u0661")));
    assertThat(JobHeaders.decimal(null)).isEmpty();
  }

  @Test
  void theIdOfARecordWithoutOneIsWhereItWasRead() {
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("jobs.email", 3, 42L, null, null);
    assertThat(JobIds.of(record, JobHeaders.read(record.headers()))).isEqualTo("jobs.email-3-42");
  }
}
