package dev.jobpipe.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.ledger.JobState;
import dev.jobpipe.ledger.JobView;
import dev.jobpipe.ledger.internal.LedgerEvent.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JobFoldTest {

  private static JobView fold(LedgerEvent... events) {
    JobView view = null;
    for (LedgerEvent e : events) {
      JobView next = JobFold.apply(view, e);
      view = next == null ? view : next;
    }
    return view;
  }

  @Test
  void theHappyPathAndItsFields() {
    JobView view = fold(Events.of(Kind.ENQUEUED, "j", 1), Events.of(Kind.DONE, "j", 1, 2_000, null));
    assertThat(view.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(view.key()).isEqualTo("key-j");
    assertThat(view.type()).isEqualTo("email");
    assertThat(view.enqueuedAt()).isEqualTo(Instant.ofEpochMilli(500));
    assertThat(view.finishedAt()).isEqualTo(Instant.ofEpochMilli(2_000));
    assertThat(view.result()).isEqualTo("ok");
    assertThat(view.worker()).isEqualTo("w1");
    assertThat(view.durationMs()).isEqualTo(12L);
    assertThat(view.terminal()).isTrue();
  }

  @Test
  void retriesMoveThroughRetryScheduledAndBackToEnqueued() {
    JobView view = fold(Events.of(Kind.ENQUEUED, "j", 1), Events.of(Kind.FAILED, "j", 1));
    assertThat(view.state()).isEqualTo(JobState.ENQUEUED);
    assertThat(view.lastEvent()).isEqualTo("FAILED");
    assertThat(view.errorClass()).isEqualTo("java.io.IOException");
    view = JobFold.apply(view, Events.of(Kind.RETRY, "j", 1, 3_000, null));
    assertThat(view.state()).isEqualTo(JobState.RETRY_SCHEDULED);
    assertThat(view.dueAt()).isEqualTo(Instant.ofEpochMilli(8_000));
    view = JobFold.apply(view, Events.of(Kind.ENQUEUED, "j", 2));
    assertThat(view.state()).isEqualTo(JobState.ENQUEUED);
    assertThat(view.attempt()).isEqualTo(2);
    assertThat(view.dueAt()).isNull();
    assertThat(view.errorClass()).as("the last error stays").isEqualTo("java.io.IOException");
    view = JobFold.apply(view, Events.of(Kind.DEAD, "j", 2));
    assertThat(view.state()).isEqualTo(JobState.DEAD);
    assertThat(view.dlqReason()).isEqualTo("EXHAUSTED");
    assertThat(view.dlqPosition()).startsWith("jobs.email.x-0-");
  }

  @Test
  void aSuccessReadBeforeItsEnqueueStaysSucceededAndLearnsTheKey() {
    JobView view = fold(Events.of(Kind.DONE, "j", 1), Events.of(Kind.ENQUEUED, "j", 1));
    assertThat(view.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(view.key()).isEqualTo("key-j");
  }

  @Test
  void aStaleRetryAfterSuccessChangesNothing() {
    JobView done = fold(Events.of(Kind.ENQUEUED, "j", 2), Events.of(Kind.DONE, "j", 2));
    assertThat(JobFold.apply(done, Events.of(Kind.RETRY, "j", 1))).isSameAs(done);
    assertThat(JobFold.apply(done, Events.of(Kind.FAILED, "j", 1))).isSameAs(done);
    assertThat(JobFold.apply(done, Events.of(Kind.ENQUEUED, "j", 3))).isSameAs(done);
    assertThat(JobFold.apply(done, Events.of(Kind.CANCELLED, "j", null))).isSameAs(done);
  }

  @Test
  void anOlderAttemptNeverOvertakesANewerOne() {
    JobView view = fold(Events.of(Kind.ENQUEUED, "j", 3), Events.of(Kind.RETRY, "j", 2), Events.of(Kind.ENQUEUED, "j", 2));
    assertThat(view.attempt()).isEqualTo(3);
    assertThat(view.state()).isEqualTo(JobState.ENQUEUED);
    assertThat(view.lastEvent()).isEqualTo("ENQUEUED");
  }

  @Test
  void aReplayOfADeadJobStartsItAgainAndItsOldEventsLose() {
    JobView dead = fold(Events.of(Kind.ENQUEUED, "j", 1), Events.of(Kind.DEAD, "j", 1));
    JobView replayed = JobFold.apply(dead, Events.of(Kind.ENQUEUED, "j", 1, 9_000, "jobs.email.dlq-0-4"));
    assertThat(replayed.state()).isEqualTo(JobState.ENQUEUED);
    assertThat(replayed.replayOf()).isEqualTo("jobs.email.dlq-0-4");
    assertThat(replayed.finishedAt()).isNull();
    assertThat(JobFold.apply(replayed, Events.of(Kind.DEAD, "j", 1))).as("the first run's dead letter, read late")
        .isSameAs(replayed);
    JobView done = JobFold.apply(replayed, Events.of(Kind.DONE, "j", 1, 9_500, "jobs.email.dlq-0-4"));
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.replayOf()).isEqualTo("jobs.email.dlq-0-4");
  }

  @Test
  void aReplayDoesNotReviveASucceededJob() {
    JobView done = fold(Events.of(Kind.ENQUEUED, "j", 1), Events.of(Kind.DONE, "j", 1));
    assertThat(JobFold.apply(done, Events.of(Kind.ENQUEUED, "j", 1, 9_000, "jobs.email-0-1"))).isSameAs(done);
  }

  @Test
  void cancellationEndsAPendingJobButARealOutcomeOfTheSameAttemptWins() {
    JobView cancelled = fold(Events.of(Kind.ENQUEUED, "j", 1), Events.of(Kind.CANCELLED, "j", null));
    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertThat(cancelled.attempt()).isEqualTo(1);
    assertThat(JobFold.apply(cancelled, Events.of(Kind.DONE, "j", 1)).state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void aScheduleTombstoneCancelsOnlyAScheduledJob() {
    JobView scheduled = fold(Events.of(Kind.SCHEDULED, "j", 1));
    assertThat(scheduled.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(scheduled.dueAt()).isEqualTo(Instant.ofEpochMilli(6_000));
    assertThat(JobFold.apply(scheduled, Events.of(Kind.SCHEDULE_CANCELLED, "j", null)).state())
        .isEqualTo(JobState.CANCELLED);
    JobView fired = JobFold.apply(scheduled, Events.of(Kind.ENQUEUED, "j", 1));
    assertThat(fired.state()).isEqualTo(JobState.ENQUEUED);
    assertThat(JobFold.apply(fired, Events.of(Kind.SCHEDULE_CANCELLED, "j", null))).isSameAs(fired);
    assertThat(JobFold.apply(null, Events.of(Kind.SCHEDULE_CANCELLED, "j", null))).isNull();
  }

  @Test
  void anyOrderOfOneRunsEventsEndsInTheSameState() {
    List<LedgerEvent> run = List.of(Events.of(Kind.ENQUEUED, "j", 1, 1, null), Events.of(Kind.FAILED, "j", 1, 2, null),
        Events.of(Kind.RETRY, "j", 1, 3, null), Events.of(Kind.ENQUEUED, "j", 2, 4, null),
        Events.of(Kind.FAILED, "j", 2, 5, null), Events.of(Kind.RETRY, "j", 2, 6, null),
        Events.of(Kind.ENQUEUED, "j", 3, 7, null), Events.of(Kind.DONE, "j", 3, 8, null));
    JobView inOrder = fold(run.toArray(LedgerEvent[]::new));
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      List<LedgerEvent> shuffled = new ArrayList<>(run);
      Collections.shuffle(shuffled, random);
      JobView view = fold(shuffled.toArray(LedgerEvent[]::new));
      assertThat(view.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(view.attempt()).isEqualTo(3);
      assertThat(view.finishedAt()).isEqualTo(inOrder.finishedAt());
      assertThat(view.key()).isEqualTo("key-j");
    }
  }

  @Test
  void applyingTheSameEventsTwiceChangesNothing() {
    LedgerEvent[] events = {Events.of(Kind.ENQUEUED, "j", 1), Events.of(Kind.FAILED, "j", 1), Events.of(Kind.DEAD, "j", 1)};
    JobView once = fold(events);
    JobView twice = once;
    for (LedgerEvent e : events) {
      twice = JobFold.apply(twice, e);
    }
    assertThat(twice).isSameAs(once);
  }
}
