package dev.jobpipe.bench.contender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsumeSpecTest {
  private static final ConsumeSpec SPEC = new ConsumeSpec("jobpipe", "localhost:9092", "http://r/apis/ccompat/v7",
      "bench-io", "g-1", 30_000, Workload.SLEEP_5MS, 200, 600, "bench-io-warmup", 2_000);

  @Test
  void argumentsRoundTrip() {
    assertThat(ConsumeSpec.parse(SPEC.toArgs().toArray(String[]::new))).isEqualTo(SPEC);
    ConsumeSpec plain = new ConsumeSpec("plain", "b:1", null, "t", "g", 1, Workload.NOOP, 0, 1, null, 0);
    assertThat(ConsumeSpec.parse(plain.toArgs().toArray(String[]::new))).isEqualTo(plain);
  }

  @Test
  void warmupIsTheSameContenderOnTheWarmupTopic() {
    ConsumeSpec w = SPEC.warmup().orElseThrow();
    assertThat(w.topic()).isEqualTo("jobs.bench-io-warmup");
    assertThat(w.group()).isEqualTo("g-1-warmup");
    assertThat(w.expected()).isEqualTo(2_000);
    assertThat(w.concurrency()).isEqualTo(200);
    assertThat(w.warmup()).isEmpty();
  }

  @Test
  void rejectsWhatCannotRun() {
    assertThatThrownBy(() -> new ConsumeSpec("kafka-streams", "b", null, "t", "g", 1, Workload.NOOP, 0, 1, null, 0))
        .hasMessageContaining("contender must be one of");
    assertThatThrownBy(() -> new ConsumeSpec("plain", "b", null, "t", "g", 0, Workload.NOOP, 0, 1, null, 0))
        .hasMessageContaining("expected");
    assertThatThrownBy(() -> new ConsumeSpec("plain", "b", null, "t", "g", 1, Workload.NOOP, 0, 1, "w", 0))
        .hasMessageContaining("warm-up");
    assertThatThrownBy(() -> ConsumeSpec.parse(new String[] {"contender=plain"})).hasMessageContaining("bootstrap");
    assertThatThrownBy(() -> ConsumeSpec.parse(new String[] {"oops"})).hasMessageContaining("key=value");
  }
}
