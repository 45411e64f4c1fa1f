package dev.jobpipe.reliability.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.reliability.harness.Behavior.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionLogsTest {

  @TempDir Path dir;

  @Test
  void readsEveryProcessFileAndIgnoresATornLastLine() throws Exception {
    List<Execution> written = new ArrayList<>();
    try (ExecutionRecorder a = new ExecutionRecorder(dir, 11); ExecutionRecorder b = new ExecutionRecorder(dir, 22)) {
      written.add(a.record("j1", 1, Outcome.FAIL));
      written.add(b.record("j1", 2, Outcome.OK));
      written.add(a.record("j2", 1, Outcome.OK));
    }
    Files.writeString(dir.resolve("executions-22.log"), "j3 1 22 O", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Files.writeString(dir.resolve("other.txt"), "not a log\n");

    ExecutionLogs logs = new ExecutionLogs(dir);
    assertThat(logs.read()).containsExactlyInAnyOrderElementsOf(written);
    assertThat(written).extracting(Execution::pid).containsExactly(11L, 22L, 11L);
    assertThat(logs.countLines()).isEqualTo(3);
  }

  @Test
  void aTornMultiByteTailDoesNotBreakDecoding() throws Exception {
    Path file = dir.resolve("executions-1.log");
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    Files.write(file, "j€ 1 1 OK 5\n".getBytes(StandardCharsets.UTF_8));
    Files.write(file, new byte[] {'x', euro[0], euro[1]}, StandardOpenOption.APPEND);
    assertThat(new ExecutionLogs(dir).read()).containsExactly(new Execution("j€", 1, 1, Outcome.OK, 5));
  }

  @Test
  void aCompleteLineThatIsNotAnExecutionFailsNamingFileAndLine() throws Exception {
    Files.writeString(dir.resolve("executions-5.log"), "j1 1 5 OK 9\ngarbage\n");
    assertThatThrownBy(() -> new ExecutionLogs(dir).read())
        .hasMessageContaining("executions-5.log:2").hasMessageContaining("garbage");
  }

  @Test
  void aMissingDirectoryIsNoExecutions() {
    assertThat(new ExecutionLogs(dir.resolve("nope")).read()).isEmpty();
    assertThat(new ExecutionLogs(dir.resolve("nope")).countLines()).isZero();
  }

  @Test
  void refusesJobIdsThatWouldBreakTheLineFormat() {
    try (ExecutionRecorder r = new ExecutionRecorder(dir, 1)) {
      assertThatThrownBy(() -> r.record("a b", 1, Outcome.OK)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void longestGapIsTheWorstStandstillWhateverTheOrder() {
    assertThat(Execution.longestGapMillis(List.of())).isZero();
    assertThat(Execution.longestGapMillis(List.of(new Execution("a", 1, 1, Outcome.OK, 100),
        new Execution("b", 1, 2, Outcome.OK, 50), new Execution("c", 1, 1, Outcome.FAIL, 400),
        new Execution("d", 1, 1, Outcome.OK, 120)))).isEqualTo(280);
  }
}
