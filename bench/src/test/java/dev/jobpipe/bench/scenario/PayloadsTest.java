package dev.jobpipe.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.serde.AvroCodec;
import org.junit.jupiter.api.Test;

class PayloadsTest {

  @Test
  void valueIsExactlyTheAskedSize() {
    for (int size : new int[] {100, 255, 256, 257, 1024}) {
      assertThat(AvroCodec.HEADER_SIZE + Payloads.avroSize(Payloads.emailOfValueSize(size))).isEqualTo(size);
    }
  }

  @Test
  void tooSmallASizeFails() {
    assertThatThrownBy(() -> Payloads.emailOfValueSize(10)).hasMessageContaining("exactly 10 bytes");
  }
}
