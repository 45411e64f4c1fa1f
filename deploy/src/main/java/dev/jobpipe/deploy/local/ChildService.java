package dev.jobpipe.deploy.local;

import dev.jobpipe.deploy.local.internal.ChildJvm;
import dev.jobpipe.deploy.local.internal.JvmOptions;
import dev.jobpipe.deploy.local.internal.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A service of the local stack that runs as a child JVM on a port (the Kafka broker, the Schema
 * Registry), with one lifecycle, in the manner of Testcontainers' {@code GenericContainer}:
 * {@link #start()} launches it and returns once its readiness probe answers; {@link #close()} (or
 * {@link #stop()}) sends SIGTERM, then SIGKILL after the stop grace, so it is idempotent and
 * bounded; {@link #awaitTermination(Duration)} waits for the process to be gone. A subclass says
 * how to launch ({@link #launch(int)}) and when the service is ready ({@link #awaitReady}). Its work
 * directory survives a stop, so a second {@code start()} brings it back on the same port.
 */
public abstract class ChildService implements AutoCloseable {

  private final String name;
  private final Path workDir;
  private final String logFileName;
  private final Duration startTimeout;
  private final Duration stopGrace;
  private final Consumer<ProcessHandle> onLaunch;
  private int port;
  private ChildJvm process;
  private ProcessHandle lastHandle;
  private Duration lastStartTime = Duration.ZERO;

  /** The options every child service has, fixed when it is built. */
  protected final StackLayout layout;
  protected final Supervision supervision;
  protected final String maxHeap;
  protected final boolean fastStartup;
  /** Properties of the service's own that override the local defaults. */
  protected final Map<String, String> overrides;
  /** Null for an open (plaintext, unauthenticated) service. */
  protected final StackSecurity security;

  /**
   * @param name what the service is called in errors, e.g. {@code Kafka}
   * @param options the builder's options; its work directory is required
   */
  protected ChildService(String name, String logFileName, Duration stopGrace, Options<?> options) {
    this.name = Objects.requireNonNull(name, "name");
    this.workDir = Objects.requireNonNull(options.workDir, "workDir is required").toAbsolutePath();
    this.logFileName = logFileName;
    this.port = options.port;
    this.startTimeout = options.startTimeout;
    this.stopGrace = stopGrace;
    this.onLaunch = options.onLaunch;
    this.layout = options.layout != null ? options.layout : StackLayout.locate();
    this.supervision = options.supervision;
    this.maxHeap = options.maxHeap;
    this.fastStartup = options.fastStartup;
    this.overrides = Map.copyOf(options.overrides);
    this.security = options.security;
  }

  /** Launches the child JVM for {@code port}; the base waits for it to be ready. */
  protected abstract ChildJvm launch(int port);

  /** Returns once {@code child} serves on {@code port}; throws if it dies or {@code timeout} passes. */
  protected abstract void awaitReady(ChildJvm child, int port, Duration timeout);

  /**
   * Starts the service and returns once it is ready; a no-op while it runs. Throws
   * {@link PortInUseException} before launching anything when the port is taken, and
   * {@link LocalStackException} (with the log's tail) when the child dies or is not ready in time;
   * nothing is left running then.
   */
  public final synchronized void start() {
    if (isRunning()) {
      return;
    }
    long began = System.nanoTime();
    if (port == 0) {
      port = Ports.free();
    } else if (!Ports.isFree(port)) {
      throw new PortInUseException(name, port, null);
    }
    ChildJvm child = launch(port);
    lastHandle = child.handle();
    onLaunch.accept(child.handle());
    awaitReady(child, port, startTimeout);
    process = child;
    lastStartTime = Duration.ofNanos(System.nanoTime() - began);
  }

  /** Stops the service (SIGTERM, then SIGKILL after the stop grace); a no-op when it is not running. */
  public synchronized void stop() {
    stop(stopGrace);
  }

  /**
   * Stops with SIGTERM, then SIGKILL after {@code grace}: a short grace suits throw-away test data
   * at JVM exit, where a graceful shutdown under load would only delay the build.
   */
  public synchronized void stop(Duration grace) {
    if (process != null) {
      process.stop(grace);
      process = null;
    }
  }

  /** {@link #stop()}: idempotent, and bounded by the stop grace. */
  @Override
  public void close() {
    stop();
  }

  /** Waits until the last launched process has exited; true when it has (or none was launched). */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    ProcessHandle handle;
    synchronized (this) {
      handle = lastHandle;
    }
    if (handle == null || !handle.isAlive()) {
      return true;
    }
    try {
      handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !handle.isAlive();
    }
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The service's port; 0 until the first start when it was to be picked. */
  public synchronized int port() {
    return port;
  }

  public synchronized OptionalLong pid() {
    return isRunning() ? OptionalLong.of(process.handle().pid()) : OptionalLong.empty();
  }

  public Path workDir() {
    return workDir;
  }

  public Path logFile() {
    return workDir.resolve(logFileName);
  }

  /** How long the last {@link #start()} took. */
  public synchronized Duration lastStartTime() {
    return lastStartTime;
  }

  /** How long a start may take before it counts as failed. */
  protected Duration startTimeout() {
    return startTimeout;
  }

  /**
   * The options of a child service's builder; only the work directory is required.
   *
   * @param <B> the builder itself, so the setters chain
   */
  public abstract static class Options<B extends Options<B>> {
    private final String serviceName;
    private StackLayout layout;
    private Path workDir;
    private int port;
    private Supervision supervision = Supervision.TIED;
    private String maxHeap;
    private boolean fastStartup;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Duration startTimeout;
    private Consumer<ProcessHandle> onLaunch = handle -> {};
    private StackSecurity security;

    protected Options(String serviceName, String defaultMaxHeap, Duration defaultStartTimeout) {
      this.serviceName = serviceName;
      this.maxHeap = defaultMaxHeap;
      this.startTimeout = defaultStartTimeout;
    }

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    /**
     * Start secure, with the users, certificates and token key of {@code security}: SASL/SCRAM over
     * TLS with ACLs for the broker, bearer tokens for the registry. Open by default.
     */
    public B security(StackSecurity security) {
      this.security = Objects.requireNonNull(security, "security");
      return self();
    }

    /** The stack to run from; {@link StackLayout#locate()} by default. */
    public B layout(StackLayout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
      return self();
    }

    /** Holds the service's configuration, log and data, which survive a stop. */
    public B workDir(Path workDir) {
      this.workDir = Objects.requireNonNull(workDir, "workDir");
      return self();
    }

    /** The client port; 0 (the default) picks a free one at the first start and keeps it. */
    public B port(int port) {
      if (port != 0) {
        Ports.requireValid(port, serviceName + " port");
      }
      this.port = port;
      return self();
    }

    public B supervision(Supervision supervision) {
      this.supervision = Objects.requireNonNull(supervision, "supervision");
      return self();
    }

    /** The service's {@code -Xmx}, e.g. {@code 768m}. */
    public B maxHeap(String maxHeap) {
      this.maxHeap = JvmOptions.requireHeapSize(maxHeap, serviceName + " max heap");
      return self();
    }

    /**
     * Trade peak throughput for start time and CPU (C1 compiler only, serial GC): right for tests
     * on a small machine, wrong for a benchmark. Off by default.
     */
    public B fastStartup(boolean fastStartup) {
      this.fastStartup = fastStartup;
      return self();
    }

    /** A property of the service's own (a broker property, a registry system property), overriding the local defaults. */
    public B property(String key, String value) {
      overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return self();
    }

    public B startTimeout(Duration startTimeout) {
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("start timeout must be positive, got " + startTimeout);
      }
      this.startTimeout = startTimeout;
      return self();
    }

    /** Called with the process as soon as it is launched, before it is ready. */
    public B onLaunch(Consumer<ProcessHandle> onLaunch) {
      this.onLaunch = Objects.requireNonNull(onLaunch, "onLaunch");
      return self();
    }
  }
}
