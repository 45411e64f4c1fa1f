package dev.jobpipe.deploy.local;

import dev.jobpipe.deploy.local.internal.ChildJvm;
import dev.jobpipe.deploy.local.internal.Dirs;
import dev.jobpipe.deploy.local.internal.Ports;
import dev.jobpipe.deploy.local.internal.Probes;
import dev.jobpipe.deploy.local.internal.ProcessRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * The long-lived local stack behind {@code jobpipe dev up | down | status}: a broker and a registry
 * started detached (they outlive the command), with pid records, logs and data under {@value
 * #STATE_DIR} of the project. Kafka's log and the registry's schemas (an H2 file) are kept across
 * {@code down}/{@code up}, so records on disk keep resolving to their schemas; {@code down --purge}
 * removes them.
 *
 * <p>A pid record whose process is gone, or whose pid now belongs to another process, is stale: it
 * is reported as not running and replaced or removed, never acted on. Commands of one project are
 * serialized by a lock file, so two {@code up}s cannot race for the same ports.
 */
public final class DevStack {
  /** Where the stack's state lives, relative to the project home. */
  public static final String STATE_DIR = ".jobpipe/dev";
  /** Kafka's port unless told otherwise: the default of every jobpipe command. */
  public static final int DEFAULT_KAFKA_PORT = 9092;
  /** The registry's port unless told otherwise: the default of every jobpipe command. */
  public static final int DEFAULT_REGISTRY_PORT = 8081;

  static final String KAFKA = "Kafka broker";
  static final String REGISTRY = "Schema Registry";
  private static final String RECORD_FILE = "process.properties";
  /** Present while the stack runs secure (written by {@code up --secure}, removed by {@code down}). */
  private static final String SECURE_MARKER = "SECURE";
  /** The secure stack's certificates, passwords and client configs, relative to the state directory. */
  public static final String SECURE_DIR = "secure";
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  private final Path stateDir;
  private final Supplier<StackLayout> layout;

  /** The stack of the project at {@code projectHome}, run from the stack this checkout built. */
  public DevStack(Path projectHome) {
    this(projectHome, StackLayout::locate);
  }

  public DevStack(Path projectHome, StackLayout layout) {
    this(projectHome, () -> layout);
    Objects.requireNonNull(layout, "layout");
  }

  /** With the stack located only when something must start: status and down work without one. */
  DevStack(Path projectHome, Supplier<StackLayout> layout) {
    this.stateDir = projectHome.toAbsolutePath().normalize().resolve(STATE_DIR);
    this.layout = layout;
  }

  /** Whether a component runs, and whether it answers on its port. */
  public enum State {
    RUNNING,
    /** The process is alive but does not answer: still starting, or hung. */
    NOT_ANSWERING,
    STOPPED
  }

  /** One component of the stack as it is now. {@code pid} and {@code port} are 0 when stopped. */
  public record Component(String name, State state, long pid, int port, String address) {
    public boolean alive() {
      return state != State.STOPPED;
    }
  }

  /** Both components as they are now. */
  public record Status(Component kafka, Component registry) {
    public boolean allRunning() {
      return kafka.alive() && registry.alive();
    }

    public boolean noneRunning() {
      return !kafka.alive() && !registry.alive();
    }

    public List<Component> components() {
      return List.of(kafka, registry);
    }
  }

  /**
   * What {@link #up} did: nothing if the stack was already running. {@code security} is present
   * when the stack runs secure: where its client configs are.
   */
  public record UpResult(boolean alreadyRunning, Status status, Duration took, Optional<StackSecurity> security) {}

  /** What {@link #down} did: the components it stopped (empty when nothing ran). */
  public record DownResult(List<Component> stopped, boolean purged) {}

  public Path stateDir() {
    return stateDir;
  }

  /** The stack as it is now; never starts or stops anything. */
  public Status status() {
    return new Status(kafkaStatus(), registryStatus());
  }

  private Component kafkaStatus() {
    return componentStatus(KAFKA, kafkaDir(), port -> Probes.accepts(port, PROBE_TIMEOUT), port -> "localhost:" + port);
  }

  /** Whether the running (or last started, not yet stopped) stack is the secure one. */
  public boolean secure() {
    return Files.exists(stateDir.resolve(SECURE_MARKER));
  }

  /** Where the secure stack keeps its client configs ({@code USER.properties}) and certificates. */
  public Path secureDir() {
    return stateDir.resolve(SECURE_DIR);
  }

  private Component registryStatus() {
    // a secure registry answers 401 to a caller without a token: it runs, and status holds no secret
    return componentStatus(REGISTRY, registryDir(),
        port -> Probes.answersOrDemandsCredentials(Probes.httpClient(), "http://localhost:" + port + ApicurioRegistry.CCOMPAT_PATH + "/subjects", PROBE_TIMEOUT),
        port -> "http://localhost:" + port + ApicurioRegistry.CCOMPAT_PATH);
  }

  private static Component componentStatus(String name, Path dir,
      IntPredicate answers, IntFunction<String> address) {
    Optional<ProcessRecord> record = ProcessRecord.read(dir.resolve(RECORD_FILE));
    Optional<ProcessHandle> live = record.flatMap(ProcessRecord::liveProcess);
    if (live.isEmpty()) {
      return new Component(name, State.STOPPED, 0, 0, null);
    }
    int port = record.get().port();
    State state = answers.test(port) ? State.RUNNING : State.NOT_ANSWERING;
    return new Component(name, state, live.get().pid(), port, address.apply(port));
  }

  /**
   * Starts whatever is not running, side by side, and returns once both answer. Both ports are
   * checked before anything starts, so a taken port ({@link PortInUseException}) leaves nothing
   * running; so does any other failure of this call, which stops what it started.
   */
  public UpResult up(int kafkaPort, int registryPort) {
    return up(kafkaPort, registryPort, false);
  }

  /**
   * Like {@link #up(int, int)}; with {@code secure}, the broker takes SASL/SCRAM-SHA-512 over TLS
   * and enforces ACLs, and the registry demands bearer tokens ({@link StackSecurity}, under {@link
   * #secureDir()}). A stack already running in the other mode is refused: {@code down} first.
   */
  public UpResult up(int kafkaPort, int registryPort, boolean secure) {
    Ports.requireValid(kafkaPort, "Kafka port");
    Ports.requireValid(registryPort, "Schema Registry port");
    if (kafkaPort == registryPort) {
      throw new IllegalArgumentException("Kafka and the Schema Registry cannot share port " + kafkaPort);
    }
    long began = System.nanoTime();
    try (Lock lock = lock()) {
      Status before = status();
      if (!before.noneRunning() && secure() != secure) {
        throw new LocalStackException("the stack runs " + (secure() ? "secure" : "without --secure")
            + "; stop it first with 'jobpipe dev down'");
      }
      StackSecurity security = secure ? StackSecurity.ensure(secureDir()) : null;
      if (before.allRunning()) {
        return new UpResult(true, before, Duration.ZERO, Optional.ofNullable(security));
      }
      StackLayout stack = layout.get();
      if (!before.kafka().alive() && !Ports.isFree(kafkaPort)) {
        throw new PortInUseException("Kafka", kafkaPort, "stop whatever listens there or choose another with --kafka-port");
      }
      if (!before.registry().alive() && !Ports.isFree(registryPort)) {
        throw new PortInUseException("Schema Registry", registryPort,
            "stop whatever listens there or choose another with --registry-port");
      }
      markSecure(secure);
      List<Runnable> undo = new ArrayList<>();
      List<CompletableFuture<Void>> starts = new ArrayList<>();
      if (!before.kafka().alive()) {
        KafkaBroker.Builder broker = KafkaBroker.builder().layout(stack).workDir(kafkaDir()).port(kafkaPort)
            .supervision(Supervision.DETACHED)
            .onLaunch(handle -> recordLaunch(kafkaDir(), handle, kafkaPort, undo));
        if (security != null) {
          broker.security(security);
        }
        starts.add(startAsync(broker.build()::start));
      }
      if (!before.registry().alive()) {
        ApicurioRegistry.Builder registry = ApicurioRegistry.builder().layout(stack).workDir(registryDir())
            .port(registryPort).supervision(Supervision.DETACHED).persistent(true)
            .onLaunch(handle -> recordLaunch(registryDir(), handle, registryPort, undo));
        if (security != null) {
          registry.security(security);
        }
        starts.add(startAsync(registry.build()::start));
      }
      try {
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
      } catch (CompletionException e) {
        starts.forEach(f -> f.exceptionally(t -> null).join());
        synchronized (undo) {
          undo.forEach(Runnable::run);
        }
        if (status().noneRunning()) {
          markSecure(false);
        }
        throw e.getCause() instanceof RuntimeException r ? r : new LocalStackException(e.getCause().getMessage(), e.getCause());
      }
      return new UpResult(false, status(), Duration.ofNanos(System.nanoTime() - began), Optional.ofNullable(security));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void recordLaunch(Path dir, ProcessHandle handle, int port, List<Runnable> undo) {
    Path file = dir.resolve(RECORD_FILE);
    ProcessRecord.of(handle, port).write(file);
    synchronized (undo) {
      undo.add(() -> {
        ChildJvm.stop(handle, KafkaBroker.STOP_GRACE);
        deleteRecord(file);
      });
    }
  }

  private static CompletableFuture<Void> startAsync(Runnable start) {
    return CompletableFuture.runAsync(start, r -> {
      Thread t = new Thread(r, "jobpipe-dev-start");
      t.setDaemon(true);
      t.start();
    });
  }

  /**
   * Stops whatever runs (SIGTERM, then SIGKILL after a grace period) and removes the pid records,
   * stale ones included; with {@code purge} also the data and logs.
   */
  public DownResult down(boolean purge) {
    try (Lock lock = lock()) {
      Status before = status();
      List<Component> stopped = new ArrayList<>();
      List<CompletableFuture<Void>> stops = new ArrayList<>();
      for (Path dir : List.of(kafkaDir(), registryDir())) {
        Path file = dir.resolve(RECORD_FILE);
        Optional<ProcessHandle> live = ProcessRecord.read(file).flatMap(ProcessRecord::liveProcess);
        if (live.isPresent()) {
          stops.add(CompletableFuture.runAsync(() -> ChildJvm.stop(live.get(), KafkaBroker.STOP_GRACE)));
        }
      }
      CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
      for (Component c : before.components()) {
        if (c.alive()) {
          stopped.add(c);
        }
      }
      deleteRecord(kafkaDir().resolve(RECORD_FILE));
      deleteRecord(registryDir().resolve(RECORD_FILE));
      markSecure(false);
      if (purge) {
        purgeData();
      }
      return new DownResult(List.copyOf(stopped), purge);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void purgeData() {
    if (!Files.isDirectory(stateDir)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(stateDir)) {
      for (Path entry : entries) {
        if (!entry.getFileName().toString().equals(".lock")) {
          Dirs.deleteRecursively(entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot purge " + stateDir + ": " + e.getMessage(), e);
    }
  }

  private void markSecure(boolean secure) {
    Path marker = stateDir.resolve(SECURE_MARKER);
    try {
      if (secure) {
        Files.writeString(marker, "started with jobpipe dev up --secure; client configs in " + SECURE_DIR + "/\n");
      } else {
        Files.deleteIfExists(marker);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + marker + ": " + e.getMessage(), e);
    }
  }

  private static void deleteRecord(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
    }
  }

  /** An exclusive lock on this project's stack, held for one command. */
  private Lock lock() throws IOException {
    Dirs.create(stateDir);
    FileChannel channel = FileChannel.open(stateDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new LocalStackException("another 'jobpipe dev' command is running for " + stateDir + "; try again when it is done");
    }
    return new Lock(channel, lock);
  }

  /** A held lock; closing it releases the lock and its file. */
  private record Lock(FileChannel channel, FileLock lock) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }

  private Path kafkaDir() {
    return stateDir.resolve("kafka");
  }

  private Path registryDir() {
    return stateDir.resolve("registry");
  }
}
