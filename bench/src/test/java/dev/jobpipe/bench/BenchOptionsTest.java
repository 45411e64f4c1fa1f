package dev.jobpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void quickIsSmallerThanFull() {
    BenchOptions quick = BenchOptions.parse(new String[] {"--quick"});
    BenchOptions full = BenchOptions.parse(new String[0]);
    assertThat(quick.quick()).isTrue();
    assertThat(quick.runs()).isEqualTo(3);
    assertThat(full.runs()).isEqualTo(5);
    assertThat(quick.noopRecords()).isLessThan(full.noopRecords());
    assertThat(quick.ioRecords()).isLessThan(full.ioRecords());
    assertThat(quick.publishSeconds()).isLessThan(full.publishSeconds());
    assertThat(quick.ioScaleRecords()).isLessThan(full.ioScaleRecords());
    assertThat(quick.retries()).isEqualTo(10_000);
    assertThat(quick.runs("e2e")).isTrue();
  }

  @Test
  void optionsTakeTheirValues() {
    BenchOptions o = BenchOptions.parse(new String[] {"--quick", "--runs", "4", "--out", "/tmp/x", "--only", "noop,io"});
    assertThat(o.runs()).isEqualTo(4);
    assertThat(o.outDir()).isEqualTo(Path.of("/tmp/x"));
    assertThat(o.runs("noop")).isTrue();
    assertThat(o.runs("publish")).isFalse();
    assertThat(o.runsContender("pc")).isTrue();
    BenchOptions some = BenchOptions.parse(new String[] {"--contenders", "jobpipe,jobpipe-nodone"});
    assertThat(some.runsContender("jobpipe-nodone")).isTrue();
    assertThat(some.runsContender("plain")).isFalse();
  }

  @Test
  void badOptionsFailWithOneLine() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--fast"})).hasMessageContaining("unknown option '--fast'");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--runs"})).hasMessageContaining("--runs needs a value");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--runs", "two"})).hasMessageContaining("whole number");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--runs", "2"})).hasMessageContaining("at least 3");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--only", "noop,fast"})).hasMessageContaining("unknown scenario 'fast'");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--contenders", "kafka-streams"}))
        .hasMessageContaining("unknown contender 'kafka-streams'");
  }
}
