package dev.jobpipe.testkit.internal;

import dev.jobpipe.deploy.local.ApicurioRegistry;
import dev.jobpipe.deploy.local.KafkaBroker;
import dev.jobpipe.deploy.local.LocalStackException;
import dev.jobpipe.deploy.local.StackLayout;
import dev.jobpipe.deploy.local.Supervision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The broker and registry of one test JVM: tied to it, in a temporary directory of their own that
 * is removed at JVM exit, with the registry behind a {@link TcpProxy} so tests can cut it.
 * Directories left by a JVM that was killed are removed by the next one that starts.
 */
public final class EmbeddedStack {
  /** System property: keep the stack's directory (logs, data) at JVM exit, for a post-mortem. */
  public static final String KEEP_PROPERTY = "jobpipe.test.keep";

  private static final String DIR_PREFIX = "jobpipe-stack-";
  private static final String KEPT_MARKER = "KEPT";
  private static final Pattern DIR_NAME = Pattern.compile(Pattern.quote(DIR_PREFIX) + "(\\d+)-.*");

  private final Path dir;
  private final KafkaBroker broker;
  private final ApicurioRegistry registry;
  private final TcpProxy registryProxy;

  private EmbeddedStack(Path dir, KafkaBroker broker, ApicurioRegistry registry, TcpProxy registryProxy) {
    this.dir = dir;
    this.broker = broker;
    this.registry = registry;
    this.registryProxy = registryProxy;
  }

  /** Starts a broker and a registry, side by side; if either fails, neither is left running. */
  public static EmbeddedStack start() {
    StackLayout layout = StackLayout.locate();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    removeOrphanedDirs(tmp);
    Path dir;
    try {
      dir = Files.createTempDirectory(tmp, DIR_PREFIX + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the test stack: " + e.getMessage(), e);
    }
    KafkaBroker broker = KafkaBroker.builder().layout(layout).workDir(dir.resolve("kafka"))
        .supervision(Supervision.TIED).fastStartup(true).build();
    ApicurioRegistry registry = ApicurioRegistry.builder().layout(layout).workDir(dir.resolve("registry"))
        .supervision(Supervision.TIED).fastStartup(true).build();
    CompletableFuture<Void> kafkaUp = CompletableFuture.runAsync(broker::start, EmbeddedStack::runOnNewThread);
    CompletableFuture<Void> registryUp = CompletableFuture.runAsync(registry::start, EmbeddedStack::runOnNewThread);
    try {
      CompletableFuture.allOf(kafkaUp, registryUp).join();
    } catch (CompletionException e) {
      kafkaUp.exceptionally(t -> null).join();
      registryUp.exceptionally(t -> null).join();
      broker.stop();
      registry.stop();
      deleteQuietly(dir);
      throw withLogTail(e.getCause());
    }
    EmbeddedStack stack = new EmbeddedStack(dir, broker, registry, TcpProxy.start(registry.port()));
    System.err.printf("jobpipe test stack: Kafka at %s (started in %d ms), registry at %s (started in %d ms), in %s%n",
        broker.bootstrapServers(), broker.lastStartTime().toMillis(), registry.confluentApiUrl(),
        registry.lastStartTime().toMillis(), dir);
    return stack;
  }

  /** A start-up failure with the child's log in the message, where a test report shows it. */
  public static RuntimeException withLogTail(Throwable failure) {
    if (failure instanceof LocalStackException local && local.logTail().isPresent()) {
      return new IllegalStateException(local.getMessage() + "\n--- last lines of its log ---\n"
          + local.logTail().get(), local);
    }
    return failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
  }

  private static void runOnNewThread(Runnable r) {
    Thread t = new Thread(r, "jobpipe-stack-start");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Stops both children concurrently and removes the directory, unless {@value #KEEP_PROPERTY} is
   * true: then the logs and data stay for a post-mortem, and where they are is printed.
   */
  public void stop() {
    stop(KafkaBroker.STOP_GRACE);
  }

  /** Like {@link #stop()}, giving each child {@code grace} to exit before it is killed. */
  public void stop(java.time.Duration grace) {
    registryProxy.close();
    CompletableFuture<Void> kafkaDown = CompletableFuture.runAsync(() -> broker.stop(grace), EmbeddedStack::runOnNewThread);
    registry.stop(grace);
    kafkaDown.join();
    if (Boolean.getBoolean(KEEP_PROPERTY)) {
      markKept(dir);
      System.err.println("jobpipe test stack: kept " + dir + " (-D" + KEEP_PROPERTY + "=true)");
    } else {
      deleteQuietly(dir);
    }
  }

  public KafkaBroker broker() {
    return broker;
  }

  public ApicurioRegistry registry() {
    return registry;
  }

  public TcpProxy registryProxy() {
    return registryProxy;
  }

  public Path dir() {
    return dir;
  }

  /** Removes stack directories whose JVM (the pid in the name) is gone. */
  static void removeOrphanedDirs(Path tmp) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
      for (Path d : dirs) {
        Matcher m = DIR_NAME.matcher(d.getFileName().toString());
        if (m.matches() && !Files.exists(d.resolve(KEPT_MARKER))
            && ProcessHandle.of(Long.parseLong(m.group(1))).map(h -> !h.isAlive()).orElse(true)) {
          deleteQuietly(d);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Cleaning up after a killed JVM is a courtesy; it must not fail this JVM's tests.
    }
  }

  private static void markKept(Path d) {
    try {
      Files.writeString(d.resolve(KEPT_MARKER), "kept on request; remove by hand\n");
    } catch (IOException e) {
      // without the marker the next test JVM may clean it up: the logs were for now anyway
    }
  }

  private static void deleteQuietly(Path d) {
    try (Stream<Path> walk = Files.walk(d)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // a file still being written by a child that is being killed: the next JVM removes the rest
    }
  }
}
