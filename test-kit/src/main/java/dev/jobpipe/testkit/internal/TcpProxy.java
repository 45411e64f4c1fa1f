package dev.jobpipe.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of one local port, which a test can {@link #cut()}: the listening
 * socket is closed (new connections are refused) and every open connection is closed, just as if
 * the server behind it had gone away, while the server itself keeps its state. {@link #restore()}
 * listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;
  private Thread acceptor;
  private int port;

  private TcpProxy(int targetPort) {
    this.targetPort = targetPort;
  }

  /** A proxy on a free loopback port forwarding to {@code targetPort}. */
  public static TcpProxy start(int targetPort) {
    TcpProxy proxy = new TcpProxy(targetPort);
    proxy.listen(0);
    return proxy;
  }

  public synchronized int port() {
    return port;
  }

  /** Whether the proxy is cut. */
  public boolean isCut() {
    return server == null;
  }

  /** Refuses new connections and closes the open ones; a no-op when already cut. */
  public synchronized void cut() {
    ServerSocket s = server;
    server = null;
    if (s != null) {
      closeQuietly(s);
      awaitAcceptorExit();
    }
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  /** Accepts connections again on the same port; a no-op when not cut. */
  public synchronized void restore() {
    if (server == null) {
      listen(port);
    }
  }

  /** The port is surely released once the accepting thread has left {@code accept()}. */
  private void awaitAcceptorExit() {
    try {
      acceptor.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    cut();
  }

  private void listen(int onPort) {
    ServerSocket s;
    try {
      s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
    } catch (IOException e) {
      throw new UncheckedIOException("registry proxy cannot listen on port " + onPort + ": " + e.getMessage(), e);
    }
    port = s.getLocalPort();
    server = s;
    acceptor = Thread.ofPlatform().daemon().name("jobpipe-proxy-accept-" + port).start(() -> acceptLoop(s));
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      Socket client;
      try {
        client = s.accept();
      } catch (IOException e) {
        return; // closed by cut()
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      synchronized (this) {
        if (server != s) { // cut while this connection was being set up: it must not survive the cut
          closeQuietly(client);
          closeQuietly(upstream);
          return;
        }
        open.add(client);
        open.add(upstream);
      }
      Thread.ofVirtual().start(() -> pump(client, upstream));
      Thread.ofVirtual().start(() -> pump(upstream, client));
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (SocketException e) {
      // one side closed or was cut: end both
    } catch (IOException e) {
      // same: a broken connection ends the pair
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing is best effort: the socket is unusable either way
    }
  }
}
