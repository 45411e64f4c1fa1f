package dev.jobpipe.reliability.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {

  @TempDir Path dir;

  @Test
  void workerFlagsAndCommandConfig() throws Exception {
    WorkerOptions options = WorkerOptions.defaults().withConcurrency(4).withJobTimeout(Duration.ofSeconds(2));
    Path config = dir.resolve("w/worker-1.properties");
    List<String> args = options.args(config);
    assertThat(args).containsSequence("--concurrency", "4").containsSequence("--max-inflight-per-partition", "32")
        .containsSequence("--command-config", config.toString()).containsSequence("--job-timeout", "2000ms");
    assertThat(Files.readString(config)).isEqualTo("commit.max.records=100\n");
    assertThat(options.uncommittedCapacity(6)).isEqualTo(100 + 6 * 32);
    assertThat(WorkerOptions.defaults().args(config)).doesNotContain("--job-timeout");
    assertThat(WorkerOptions.group("a.b")).isEqualTo("jobpipe.a.b");
  }

  @Test
  void routerFlagsCarryAPolicyFileOfTheTypeAndAnApplicationOfItsOwn() throws Exception {
    List<String> args = new RouterOptions("1s,2s", 3).args(dir, "rel.x.y", "router-1");
    assertThat(args).containsSequence("--policy-file", dir.resolve("retry-policy.properties").toString())
        .containsSequence("--application-id", "jobpipe-router-rel-x-y")
        .containsSequence("--state-dir", dir.resolve("router-state").toString())
        .containsSequence("--instance-id", "router-1");
    assertThat(Files.readAllLines(dir.resolve("retry-policy.properties"))).containsExactly(
        "policy.rel.x.y.tiers=1s,2s", "policy.rel.x.y.max.attempts=3", "policy.rel.x.y.jitter=0");
  }

  @Test
  void routerSettingsGoToACommandConfigFileOfTheInstance() throws Exception {
    assertThat(new RouterOptions("1s", 3).args(dir, "rel.x.y", "router-1")).doesNotContain("--command-config");
    List<String> args = new RouterOptions("1s", 3).with("task.timeout.ms", "2000").with("producer.max.block.ms", "2000")
        .args(dir, "rel.x.y", "router-1");
    Path config = dir.resolve("router-1-router.properties");
    assertThat(args).containsSequence("--command-config", config.toString());
    assertThat(Files.readAllLines(config)).containsExactly("producer.max.block.ms=2000", "task.timeout.ms=2000");
  }
}
