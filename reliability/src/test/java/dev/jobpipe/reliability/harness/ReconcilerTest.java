package dev.jobpipe.reliability.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.reliability.harness.Behavior.Outcome;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobHeaders;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

  private static long dlqOffset;

  private static DeadLetter letter(String jobId, DlqReason reason) {
    RecordHeaders h = new RecordHeaders();
    if (jobId != null) {
      JobHeaders.set(h, JobHeaders.JOB_ID, jobId);
    }
    JobHeaders.set(h, JobHeaders.DLQ_REASON, reason.name());
    JobHeaders.set(h, JobHeaders.ORIGIN_TOPIC, "jobs.t");
    JobHeaders.set(h, JobHeaders.ORIGIN_PARTITION, 2);
    JobHeaders.set(h, JobHeaders.ORIGIN_OFFSET, 40);
    JobHeaders.set(h, JobHeaders.ERROR_MESSAGE, "boom");
    return DeadLetter.of(new ConsumerRecord<>("jobs.t.dlq", 0, dlqOffset++, 0L, TimestampType.CREATE_TIME, 0, 3,
        new byte[] {1}, new byte[] {1, 2, 3}, h, Optional.empty()));
  }

  private static Execution run(String id, int attempt, Outcome outcome) {
    return new Execution(id, attempt, 1, outcome, 0);
  }

  @Test
  void accountsSucceededDeadLetteredLostAndDuplicates() {
    List<String> published = List.of("a", "b", "c", "d");
    Reconciliation r = Reconciler.of(published,
        List.of(run("a", 1, Outcome.OK), run("a", 1, Outcome.OK), run("a", 1, Outcome.OK),
            run("b", 1, Outcome.FAIL), run("b", 2, Outcome.OK),
            run("c", 1, Outcome.FAIL), run("c", 2, Outcome.FAIL),
            run("zz", 1, Outcome.OK)),
        List.of(letter("c", DlqReason.EXHAUSTED), letter(null, DlqReason.UNDECODABLE)));

    assertThat(r.succeeded()).containsExactlyInAnyOrder("a", "b");
    assertThat(r.deadLettered()).containsOnlyKeys("c");
    assertThat(r.lost()).containsExactly("d");
    assertThat(r.duplicates()).isEqualTo(2);
    assertThat(r.duplicatesByJob()).isEqualTo(Map.of("a", 2));
    assertThat(r.executions()).isEqualTo(8);
    assertThat(r.maxAttempt()).isEqualTo(2);
    assertThat(r.unknownExecuted()).containsExactly("zz");
    assertThat(r.unknownDeadLetters()).singleElement()
        .satisfies(l -> assertThat(l.jobId()).isEqualTo("jobs.t-2-40"))
        .satisfies(l -> assertThat(l.cameFrom("jobs.t", 2, 40)).isTrue());
    assertThat(r.deadLettersByReason()).isEqualTo(Map.of("EXHAUSTED", 1L));
    assertThat(r.complete()).isFalse();
    assertThatThrownBy(r::assertNothingLost).hasMessageContaining("1 of 4 jobs lost").hasMessageContaining("[d]");
    assertThatThrownBy(() -> r.assertDuplicatesAtMost(1, "test bound")).hasMessageContaining("test bound");
    r.assertDuplicatesAtMost(2, "exact").assertNoDoubledDeadLetters().assertNoContradictions();
  }

  @Test
  void flagsDoubledDeadLettersAndContradictions() {
    Reconciliation r = Reconciler.of(List.of("a", "b"),
        List.of(run("a", 1, Outcome.OK)),
        List.of(letter("a", DlqReason.FATAL), letter("b", DlqReason.EXHAUSTED), letter("b", DlqReason.EXHAUSTED)));
    assertThat(r.complete()).isTrue();
    assertThatThrownBy(r::assertNoDoubledDeadLetters).hasMessageContaining("b=2x");
    assertThatThrownBy(r::assertNoContradictions).hasMessageContaining("[a]");
    assertThatThrownBy(r::assertSound).isInstanceOf(AssertionError.class);
  }

  @Test
  void checksOutcomesAgainstBehaviorMarkers() {
    String ok = Behavior.OK.jobId("1");
    String terminal = Behavior.TERMINAL.jobId("2");
    String always = Behavior.FAIL_ALWAYS.jobId("3");
    List<String> published = List.of(ok, terminal, always);

    Reconciler.of(published, List.of(run(ok, 1, Outcome.OK)),
            List.of(letter(terminal, DlqReason.FATAL), letter(always, DlqReason.EXHAUSTED)))
        .assertOutcomesAsMarked(0, published);

    Reconciliation wrongReason = Reconciler.of(published, List.of(run(ok, 1, Outcome.OK)),
        List.of(letter(terminal, DlqReason.EXHAUSTED), letter(always, DlqReason.EXHAUSTED)));
    assertThatThrownBy(() -> wrongReason.assertOutcomesAsMarked(0, published))
        .hasMessageContaining("expected DLQ reason FATAL");

    Reconciliation okDeadLettered = Reconciler.of(published, List.of(),
        List.of(letter(ok, DlqReason.UNDECODABLE), letter(terminal, DlqReason.FATAL), letter(always, DlqReason.EXHAUSTED)));
    assertThatThrownBy(() -> okDeadLettered.assertOutcomesAsMarked(0, published))
        .hasMessageContaining("expected to succeed, dead-lettered as UNDECODABLE");
  }
}
