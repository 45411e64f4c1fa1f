package dev.jobpipe.deploy.local;

import dev.jobpipe.deploy.local.internal.ChildJvm;
import dev.jobpipe.deploy.local.internal.Ports;
import java.nio.file.Path;
import java.time.Duration;
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

  /**
   * @param name what the service is called in errors, e.g. {@code Kafka}
   * @param port the port to use, 0 to pick a free one at the first start
   */
  protected ChildService(String name, Path workDir, String logFileName, int port, Duration startTimeout,
      Duration stopGrace, Consumer<ProcessHandle> onLaunch) {
    this.name = Objects.requireNonNull(name, "name");
    this.workDir = Objects.requireNonNull(workDir, "workDir is required").toAbsolutePath();
    this.logFileName = logFileName;
    this.port = port;
    this.startTimeout = startTimeout;
    this.stopGrace = stopGrace;
    this.onLaunch = onLaunch;
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
}
