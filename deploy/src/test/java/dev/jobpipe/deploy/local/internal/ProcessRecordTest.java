package dev.jobpipe.deploy.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRecordTest {
  @TempDir
  Path dir;

  @Test
  void writesAndReadsBack() {
    ProcessRecord record = new ProcessRecord(1234, 1_700_000_000_000L, 9092);
    Path file = dir.resolve("sub/process.properties");

    record.write(file);

    assertThat(ProcessRecord.read(file)).contains(record);
  }

  @Test
  void aMissingOrGarbledFileIsNoRecord() throws Exception {
    assertThat(ProcessRecord.read(dir.resolve("none"))).isEmpty();
    Path garbled = Files.writeString(dir.resolve("garbled"), "pid=abc\nport=9092\n");
    assertThat(ProcessRecord.read(garbled)).isEmpty();
  }

  @Test
  void aLiveProcessIsFoundByPidAndStartTime() {
    ProcessRecord me = ProcessRecord.of(ProcessHandle.current(), 1);

    assertThat(me.liveProcess()).map(ProcessHandle::pid).contains(ProcessHandle.current().pid());
  }

  @Test
  void aReusedPidIsNotTheRecordedProcess() {
    ProcessRecord stale = new ProcessRecord(ProcessHandle.current().pid(), 1L, 1);

    assertThat(stale.liveProcess()).isEmpty();
  }

  @Test
  void anExitedProcessIsGone() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    ProcessRecord record = ProcessRecord.of(p.toHandle(), 1);
    p.waitFor(30, TimeUnit.SECONDS);

    assertThat(record.liveProcess()).isEmpty();
  }
}
