package dev.jobpipe.ledger.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.ledger.JobState;
import dev.jobpipe.ledger.JobView;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class LedgerCodecTest {

  private static final Instant T = Instant.parse("2026-12-05T10:00:00.123Z");

  @Test
  void everyFieldOfAnEventSurvives() {
    LedgerEvent full = new LedgerEvent(LedgerEvent.Kind.DONE, "j-é", "email.send", "k", 3, T.toEpochMilli(), 1L,
        -5L, "java.io.IOException", "boom ✓", "FATAL", "jobs.email.send.done-0-7", "jobs.email.send.dlq-1-2",
        "sent", "w-1", 12L);
    LedgerEvent sparse = new LedgerEvent(LedgerEvent.Kind.CANCELLED, "j", null, null, null, 0, null, null, null,
        null, null, "jobs.x.control-0-1", null, null, null, null);
    for (LedgerEvent e : new LedgerEvent[] {full, sparse}) {
      assertThat(LedgerCodec.events().deserializer().deserialize("t", LedgerCodec.events().serializer().serialize("t", e)))
          .isEqualTo(e);
    }
  }

  @Test
  void everyFieldOfAViewSurvives() {
    JobView full = new JobView("j", "email.send", "k", JobState.DEAD, 4, T, T.plusMillis(1), T.plusSeconds(5),
        T.plusSeconds(9), 77L, "w", "r", "EXHAUSTED", "jobs.email.send.dlq-0-3", "E", "msg", "p", "DEAD");
    JobView sparse = new JobView("j", null, null, JobState.ENQUEUED, 1, T, T, null, null, null, null, null, null,
        null, null, null, null, "ENQUEUED");
    for (JobView v : new JobView[] {full, sparse}) {
      assertThat(LedgerCodec.views().deserializer().deserialize("t", LedgerCodec.views().serializer().serialize("t", v)))
          .isEqualTo(v);
    }
  }

  @Test
  void viewsAndEventsTheFirstLedgerWroteAsJsonAreStillRead() {
    JobView view = new JobView("j", "email.send", "k", JobState.SUCCEEDED, 2, T, T, null, T, 5L, "w", null, null,
        null, null, null, null, "DONE");
    assertThat(LedgerCodec.readView(LedgerJson.write(view).getBytes(UTF_8))).isEqualTo(view);
    LedgerEvent event = new LedgerEvent(LedgerEvent.Kind.ENQUEUED, "j", "t", null, 1, 5, 4L, null, null, null, null,
        "jobs.t-0-1", null, null, null, null);
    assertThat(LedgerCodec.readEvent(LedgerJson.write(event).getBytes(UTF_8))).isEqualTo(event);
  }

  @Test
  void aValueOfAnotherFormatOrCutShortIsAnErrorNotAWrongView() {
    assertThatThrownBy(() -> LedgerCodec.readView(new byte[] {9, 1})).isInstanceOf(SerializationException.class)
        .hasMessageContaining("format 9");
    byte[] view = LedgerCodec.write(new JobView("j", "t", null, JobState.ENQUEUED, 1, T, T, null, null, null, null,
        null, null, null, null, null, null, "ENQUEUED"));
    assertThatThrownBy(() -> LedgerCodec.readView(Arrays.copyOf(view, view.length / 2)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("corrupt");
  }
}
