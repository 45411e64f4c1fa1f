package dev.jobpipe.deploy.local.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free-port picking and checks on the loopback interface, where every child of the stack listens. */
public final class Ports {
  private Ports() {}

  /**
   * A port that was free a moment ago (another process may still take it before we bind), and is
   * none of {@code taken}: the kernel may hand the same ephemeral port to two probes in a row, and a
   * broker given one port for two listeners does not start.
   */
  public static int free(int... taken) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int candidate = probe();
      if (java.util.Arrays.stream(taken).noneMatch(t -> t == candidate)) {
        return candidate;
      }
    }
    throw new UncheckedIOException(new IOException("cannot find a free port other than " + java.util.Arrays.toString(taken)));
  }

  private static int probe() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port: " + e.getMessage(), e);
    }
  }

  /**
   * Whether a listener could bind {@code port} on the loopback interface now. A port with only
   * connections in TIME_WAIT counts as free, as it does for the broker, which binds with
   * SO_REUSEADDR.
   */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Validates a user-given port; 0 is not one (it means "pick one" only in builders). */
  public static int requireValid(int port, String what) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " must be between 1 and 65535, got " + port);
    }
    return port;
  }
}
