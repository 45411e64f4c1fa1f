package dev.jobpipe.reliability.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobpipeProcessTest {

  @TempDir Path dir;

  private JobpipeProcess child(List<String> args) {
    return child(args, 0);
  }

  private JobpipeProcess child(List<String> args, int port) {
    return JobpipeProcess.java("child", System.getProperty("java.class.path"), List.of("-Xmx32m"),
        ChildMain.class.getName(), args, Map.of(), dir.resolve("child.log"), port);
  }

  @Test
  void sigtermRunsShutdownHooksAndSigkillDoesNot() {
    try (JobpipeProcess p = child(List.of())) {
      p.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> p.log().contains("ready"));
      assertThat(p.terminate(Duration.ofSeconds(10))).isEqualTo(143);
      assertThat(p.log()).contains("terminated");

      p.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> p.log().split("ready", -1).length == 3);
      long pid = p.pid();
      assertThat(p.kill()).isEqualTo(137);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      String secondRun = p.log().substring(p.log().indexOf("start #2"));
      assertThat(secondRun).contains("ready").doesNotContain("terminated");
      assertThat(p.starts()).isEqualTo(2);
    }
  }

  @Test
  void restartKillsTheRunningProcessFirstAndRefusesADoubleStart() {
    try (JobpipeProcess p = child(List.of())) {
      p.start();
      long first = p.pid();
      assertThatThrownBy(p::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
      p.restart();
      assertThat(p.pid()).isNotEqualTo(first);
      assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(p.isAlive()).isTrue();
    }
  }

  @Test
  void closeKillsAndIsIdempotent() {
    JobpipeProcess p = child(List.of()).start();
    long pid = p.pid();
    p.close();
    p.close();
    assertThat(p.isAlive()).isFalse();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void linesFlushedBeforeSigkillSurviveIt() {
    Path logs = dir.resolve("executions");
    try (JobpipeProcess p = child(List.of("--record", logs.toString()))) {
      p.start();
      ExecutionLogs reader = new ExecutionLogs(logs);
      await().atMost(Duration.ofSeconds(30)).until(() -> reader.countLines() > 20_000);
      p.kill();
      // every complete line parses (a torn tail is ignored) and they are numbered without gaps
      List<Execution> executions = reader.read();
      assertThat(executions).hasSizeGreaterThan(20_000);
      for (int i = 0; i < executions.size(); i++) {
        assertThat(executions.get(i).jobId()).isEqualTo("job-" + i);
        assertThat(executions.get(i).pid()).isEqualTo(p.pid());
      }
    }
  }

  @Test
  void readinessComesFromTheHealthEndpointAndADeadProcessFailsFast() {
    int port = ProcessFleet.freePort();
    try (JobpipeProcess p = child(List.of("--http", Integer.toString(port)), port)) {
      assertThat(p.ready()).isFalse();
      p.start().awaitReady(Duration.ofSeconds(30));
      assertThat(p.ready()).isTrue();
      p.kill();
      assertThat(p.ready()).isFalse();
    }
    try (JobpipeProcess broken = child(List.of("--bogus", "x"), ProcessFleet.freePort())) {
      assertThatThrownBy(() -> broken.start().awaitReady(Duration.ofSeconds(30)))
          .hasMessageContaining("exited with").hasMessageContaining("unknown option --bogus");
    }
  }
}
