package dev.jobpipe.reliability.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.RetryableJobException;
import dev.jobpipe.consumer.TerminalJobException;
import dev.jobpipe.reliability.harness.Behavior.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingHandlerTest {

  @TempDir Path dir;

  private RecordingHandler handler(HandlerSettings settings) {
    return new RecordingHandler(new Recording(settings, new ExecutionRecorder(settings.logDirectory(), 7)));
  }

  private static Job<GenericRecord> job(String id, int attempt) {
    return new Job<>(id, "t", Optional.empty(), null, attempt, Instant.EPOCH, new RecordHeaders(), Optional.empty(),
        "jobs.t", 0, 0);
  }

  @Test
  void eachBehaviorBecomesAReturnOrTheWorkersExceptionAndIsRecorded() throws Exception {
    RecordingHandler h = handler(HandlerSettings.of(dir));
    h.handle(job(Behavior.OK.jobId("1"), 1));
    assertThatThrownBy(() -> h.handle(job(Behavior.FAIL_ONCE.jobId("2"), 1))).isInstanceOf(RetryableJobException.class);
    h.handle(job(Behavior.FAIL_ONCE.jobId("2"), 2));
    assertThatThrownBy(() -> h.handle(job(Behavior.FAIL_ALWAYS.jobId("3"), 5))).isInstanceOf(RetryableJobException.class);
    assertThatThrownBy(() -> h.handle(job(Behavior.TERMINAL.jobId("4"), 1))).isInstanceOf(TerminalJobException.class);

    assertThat(new ExecutionLogs(dir).read()).extracting(Execution::jobId, Execution::attempt, Execution::outcome)
        .containsExactly(
            tuple(Behavior.OK.jobId("1"), 1, Outcome.OK),
            tuple(Behavior.FAIL_ONCE.jobId("2"), 1, Outcome.FAIL),
            tuple(Behavior.FAIL_ONCE.jobId("2"), 2, Outcome.OK),
            tuple(Behavior.FAIL_ALWAYS.jobId("3"), 5, Outcome.FAIL),
            tuple(Behavior.TERMINAL.jobId("4"), 1, Outcome.TERMINAL));
  }

  @Test
  void aHangIsRecordedBeforeItBlocksAndEndsWhenInterrupted() throws Exception {
    RecordingHandler h = handler(HandlerSettings.of(dir).withHang(Duration.ofMinutes(5)));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        h.handle(job(Behavior.HANG_ONCE.jobId("9"), 1));
      } catch (Exception e) {
        thrown.set(e);
      }
    });
    ExecutionLogs logs = new ExecutionLogs(dir);
    await().atMost(Duration.ofSeconds(10)).until(() -> logs.countLines() == 1);
    assertThat(t.isAlive()).as("still hanging").isTrue();
    t.interrupt();
    t.join(10_000);
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(logs.read()).singleElement().extracting(Execution::outcome).isEqualTo(Outcome.HANG);
  }

  @Test
  void aHangThatOutlivesItsTimeIsNotASuccess() {
    RecordingHandler h = handler(HandlerSettings.of(dir).withHang(Duration.ofMillis(10)));
    assertThatThrownBy(() -> h.handle(job(Behavior.HANG_ONCE.jobId("9"), 1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("timeout did not fire");
  }

  @Test
  void theWorkHappensBeforeTheLineIsWritten() throws Exception {
    RecordingHandler h = handler(HandlerSettings.of(dir).withWork(Duration.ofMillis(200)));
    long before = System.currentTimeMillis();
    h.handle(job(Behavior.OK.jobId("1"), 1));
    assertThat(new ExecutionLogs(dir).read()).singleElement()
        .satisfies(e -> assertThat(e.atMillis()).isGreaterThanOrEqualTo(before + 200));
  }

  @Test
  void aHeldJobSaysItIsHeldAndEndsAsMarkedOnlyOnceReleased() throws Exception {
    HandlerSettings settings = HandlerSettings.of(dir);
    RecordingHandler h = handler(settings);
    String ok = Behavior.HOLD.jobId("1");
    String failing = Behavior.HOLD_FAIL_ONCE.jobId("2");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread first = Thread.ofVirtual().start(() -> {
      try {
        h.handle(job(ok, 1));
      } catch (Exception e) {
        thrown.set(e);
      }
    });
    Thread second = Thread.ofVirtual().start(() -> {
      try {
        h.handle(job(failing, 1));
      } catch (Exception e) {
        thrown.set(e);
      }
    });
    await().atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(settings.holdingFile(ok)) && Files.exists(settings.holdingFile(failing)));
    Thread.sleep(100);
    assertThat(first.isAlive() && second.isAlive()).as("both still held").isTrue();
    ExecutionLogs logs = new ExecutionLogs(dir);
    assertThat(logs.countLines()).isZero();

    Files.createFile(settings.releaseFile());
    first.join(10_000);
    second.join(10_000);
    assertThat(thrown.get()).isInstanceOf(RetryableJobException.class);
    h.handle(job(failing, 2)); // not held again, and succeeds
    assertThat(logs.read()).extracting(Execution::jobId, Execution::attempt, Execution::outcome)
        .containsExactlyInAnyOrder(tuple(ok, 1, Outcome.OK), tuple(failing, 1, Outcome.FAIL), tuple(failing, 2, Outcome.OK));
  }
}
