package dev.jobpipe.deploy.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void aListeningPortIsNotFreeAndIsFreeAgainOnceClosed() throws Exception {
    int port;
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = taken.getLocalPort();
      assertThat(Ports.isFree(port)).isFalse();
    }
    assertThat(Ports.isFree(port)).isTrue();
  }

  @Test
  void aListenerOnAllInterfacesTakesTheLoopbackPortToo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertThat(Ports.isFree(taken.getLocalPort())).isFalse();
    }
  }

  @Test
  void freeReturnsABindablePort() {
    assertThat(Ports.isFree(Ports.free())).isTrue();
  }

  @Test
  void requireValidNamesWhatIsWrong() {
    assertThat(Ports.requireValid(9092, "Kafka port")).isEqualTo(9092);
    assertThatThrownBy(() -> Ports.requireValid(0, "Kafka port"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Kafka port must be between 1 and 65535, got 0");
  }

  @Test
  void aFreePortIsNeverOneAlreadyTaken() {
    int first = Ports.free();
    for (int i = 0; i < 200; i++) {
      int second = Ports.free(first);
      org.assertj.core.api.Assertions.assertThat(second).isNotEqualTo(first);
      org.assertj.core.api.Assertions.assertThat(Ports.free(first, second)).isNotIn(first, second);
    }
  }
}
