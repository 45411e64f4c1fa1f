package dev.jobpipe.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {
  private ServerSocket echo;
  private TcpProxy proxy;

  @BeforeEach
  void startEchoServerBehindProxy() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          Thread.ofVirtual().start(() -> echoAll(s));
        } catch (IOException e) {
          return;
        }
      }
    });
    proxy = TcpProxy.start(echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  @Test
  void forwardsBothWays() throws IOException {
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "hello")).isEqualTo("hello");
      assertThat(roundTrip(s, "again")).isEqualTo("again");
    }
  }

  @Test
  void cutRefusesNewConnections() {
    proxy.cut();

    assertThat(proxy.isCut()).isTrue();
    assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
  }

  @Test
  void cutClosesOpenConnections() throws IOException {
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "before")).isEqualTo("before");

      proxy.cut();

      s.setSoTimeout(10_000);
      await().atMost(Duration.ofSeconds(10)).until(() -> isClosedByPeer(s));
    }
  }

  @Test
  void restoreListensAgainOnTheSamePort() throws IOException {
    int port = proxy.port();
    proxy.cut();
    proxy.restore();

    assertThat(proxy.isCut()).isFalse();
    assertThat(proxy.port()).isEqualTo(port);
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "back")).isEqualTo("back");
    }
  }

  @Test
  void cutAndRestoreAreIdempotent() throws IOException {
    proxy.restore();
    proxy.cut();
    proxy.cut();
    proxy.restore();
    proxy.restore();

    try (Socket s = connect()) {
      assertThat(roundTrip(s, "ok")).isEqualTo("ok");
    }
  }

  private Socket connect() throws IOException {
    return new Socket(InetAddress.getLoopbackAddress(), proxy.port());
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    s.getOutputStream().write(bytes);
    s.getOutputStream().flush();
    byte[] back = new byte[bytes.length];
    new DataInputStream(s.getInputStream()).readFully(back);
    return new String(back, StandardCharsets.UTF_8);
  }

  private static boolean isClosedByPeer(Socket s) {
    try {
      return s.getInputStream().read() < 0;
    } catch (IOException e) {
      return true; // reset by the proxy
    }
  }

  private static void echoAll(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // the proxy closed the connection
    }
  }
}
