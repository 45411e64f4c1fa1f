package dev.jobpipe.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChildResultTest {

  @Test
  void parsesTheResultLine() {
    ChildResult r = ChildResult.parse("RESULT completed=100000 elapsedNanos=2000000000 timedOut=false cpuNanos=3000000000", 42);
    assertThat(r).isEqualTo(new ChildResult(100_000, 2_000_000_000L, false, 3_000_000_000L, 42));
    assertThat(r.rate()).isEqualTo(50_000.0);
    assertThat(r.cpuMillisPerThousand()).isEqualTo(30.0);
  }

  @Test
  void theMeanRealDurationOfTheWorkIsOptional() {
    ChildResult r = ChildResult.parse("RESULT completed=1 elapsedNanos=1 timedOut=false cpuNanos=1 meanWorkNanos=5600000", 0);
    assertThat(r.meanWorkNanos()).isEqualTo(5_600_000L);
    assertThat(ChildResult.parse("RESULT completed=1 elapsedNanos=1 timedOut=false cpuNanos=1", 0).meanWorkNanos()).isEqualTo(-1);
  }

  @Test
  void unknownCpuAndNothingMeasured() {
    ChildResult r = ChildResult.parse("RESULT completed=0 elapsedNanos=0 timedOut=true cpuNanos=-1", -1);
    assertThat(r.rate()).isZero();
    assertThat(r.cpuMillisPerThousand()).isEqualTo(-1);
    assertThat(r.timedOut()).isTrue();
  }

  @Test
  void rejectsMalformedLines() {
    assertThatThrownBy(() -> ChildResult.parse("DONE", 0)).hasMessageContaining("not a RESULT line");
    assertThatThrownBy(() -> ChildResult.parse("RESULT completed=1 timedOut=false cpuNanos=1", 0)).hasMessageContaining("incomplete");
    assertThatThrownBy(() -> ChildResult.parse("RESULT completed=1 elapsedNanos=1 timedOut=false cpuNanos=1 x=2", 0))
        .hasMessageContaining("unknown field");
    assertThatThrownBy(() -> ChildResult.parse("RESULT completed", 0)).hasMessageContaining("malformed");
  }

  @Test
  void childOptionsFromTheEnvironmentNameTheContender() {
    assertThat(ChildJvm.extraOptions(null, "pc")).isEmpty();
    assertThat(ChildJvm.extraOptions("  ", "pc")).isEmpty();
    assertThat(ChildJvm.extraOptions(" -Xss1m  -XX:StartFlightRecording=filename=/tmp/{contender}.jfr ", "pc"))
        .isEqualTo(List.of("-Xss1m", "-XX:StartFlightRecording=filename=/tmp/pc.jfr"));
  }

  @Test
  void readsWhereTheRunsTimeWent() {
    ChildResult r = ChildResult.parse("RESULT completed=1 elapsedNanos=1 timedOut=false cpuNanos=1 meanWorkNanos=-1"
        + " firstRecordMillis=1400 gcCount=6 gcMillis=41 jitMillis=12 allocatedBytes=2500 shareMillis=80,90,310,85,80,80,80,80,80,82", 0);
    assertThat(r.spread()).isEqualTo(new RunSpread(1400, 6, 41, 12, 2500, java.util.List.of(80L, 90L, 310L, 85L, 80L, 80L, 80L, 80L, 80L, 82L)));
    assertThat(r.spread().describe(1)).isEqualTo("first record +1.4 s, GC 6 (41 ms), JIT 12 ms, 2,500 B/job, tenths 80–310 ms (slowest: tenth 3)");
    assertThat(r.spread().unevenness()).isEqualTo(310.0 / 80);
    assertThat(ChildResult.parse("RESULT completed=1 elapsedNanos=1 timedOut=false cpuNanos=1", 0).spread()).isNull();
  }
}
