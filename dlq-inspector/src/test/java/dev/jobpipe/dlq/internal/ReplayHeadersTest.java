package dev.jobpipe.dlq.internal;

import static dev.jobpipe.dlq.Records.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.dlq.DeadLetter;
import dev.jobpipe.dlq.Records;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ReplayHeadersTest {

  private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");
  private static final Instant NOW = Instant.parse("2024-05-02T08:00:00Z");

  @Test
  void replayIsAFreshFirstAttemptOfTheSameJob() {
    DeadLetter letter = LetterNormalizer.normalize(
        Records.letter("jobs.email.dlq", 1, 42, T, "job-1", DlqReason.EXHAUSTED, "a.B"));
    Headers h = ReplayHeaders.forReplay(letter, "email", NOW);

    assertThat(JobHeaders.jobId(h)).contains("job-1");
    assertThat(JobHeaders.string(h, JobHeaders.JOB_TYPE)).contains("email");
    assertThat(JobHeaders.attempt(h)).isEqualTo(1);
    assertThat(JobHeaders.instant(h, JobHeaders.ENQUEUED_AT)).contains(NOW);
    assertThat(JobHeaders.string(h, JobHeaders.REPLAY_OF)).contains("1-42");
    assertThat(JobHeaders.string(h, JobHeaders.TRACEPARENT)).isPresent();
    for (String gone : List.of(JobHeaders.ERROR_CLASS, JobHeaders.ERROR_MESSAGE, JobHeaders.ERROR_STACK,
        JobHeaders.ERROR_RETRYABLE, JobHeaders.FAILED_AT, JobHeaders.DLQ_REASON, JobHeaders.NOT_BEFORE,
        JobHeaders.ORIGIN_TOPIC, JobHeaders.ORIGIN_PARTITION, JobHeaders.ORIGIN_OFFSET)) {
      assertThat(h.lastHeader(gone)).as(gone).isNull();
    }
    assertThat(names(h)).doesNotHaveDuplicates();
  }

  @Test
  void foreignFailureHeadersAreDroppedCustomOnesKept() {
    Headers in = new RecordHeaders();
    in.add("kafka_dlt-exception-fqcn", utf8("a.B"));
    in.add("retry_topic-attempts", Records.intBytes(3));
    in.add("__connect.errors.topic", utf8("t"));
    in.add("tenant", utf8("acme"));
    in.add("tenant", utf8("acme-2"));
    DeadLetter letter = LetterNormalizer.normalize(Records.record("orders-dlt", 0, 5, T, null, null, in));
    Headers h = ReplayHeaders.forReplay(letter, "orders", NOW);

    assertThat(names(h)).containsExactly("tenant", "tenant", JobHeaders.JOB_ID, JobHeaders.JOB_TYPE,
        JobHeaders.ATTEMPT, JobHeaders.ENQUEUED_AT, JobHeaders.REPLAY_OF);
    assertThat(JobHeaders.jobId(h)).contains("orders-dlt-0-5");
  }

  private static List<String> names(Headers h) {
    List<String> out = new ArrayList<>();
    for (Header x : h) {
      out.add(x.key());
    }
    return out;
  }
}
