package dev.jobpipe.reliability.harness;

import dev.jobpipe.deploy.local.JavaCommand;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One child JVM of the suite (a {@code jobpipe worker}, a {@code jobpipe router}, or any main class),
 * killed and restarted the way an operator or the kernel would: {@link #kill()} is SIGKILL (no
 * shutdown hook, no drain, no final commit), {@link #terminate(Duration)} is SIGTERM. Each start
 * appends to one log file, preceded by a marker line, so a restarted process's story reads in order.
 *
 * <p>Every started process is registered in a JVM-wide set that a shutdown hook SIGKILLs, so a
 * failing or interrupted test run never leaves a worker consuming from the shared broker. Only
 * processes this class started are ever signalled.
 */
public final class JobpipeProcess implements AutoCloseable {

  private static final Set<JobpipeProcess> LIVE = ConcurrentHashMap.newKeySet();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(JobpipeProcess::killQuietly), "jobpipe-process-reaper"));
  }

  private final String name;
  private final List<String> command;
  private final String displayCommand;
  private final Map<String, String> environment;
  private final Path logFile;
  private final int metricsPort;
  private Process process;
  private int starts;
  private Instant startedAt;

  JobpipeProcess(String name, List<String> command, String displayCommand, Map<String, String> environment,
      Path logFile, int metricsPort) {
    this.name = name;
    this.command = List.copyOf(command);
    this.displayCommand = displayCommand;
    this.environment = Map.copyOf(environment);
    this.logFile = logFile;
    this.metricsPort = metricsPort;
  }

  /** A JVM running {@code mainClass} on {@code classpath} with the given JVM options and arguments. */
  public static JobpipeProcess java(
      String name, String classpath, List<String> jvmOptions, String mainClass, List<String> args,
      Map<String, String> environment, Path logFile) {
    return java(name, classpath, jvmOptions, mainClass, args, environment, logFile, 0);
  }

  /** As above, for a process serving {@code /health/ready} on {@code metricsPort} (0: none). */
  public static JobpipeProcess java(
      String name, String classpath, List<String> jvmOptions, String mainClass, List<String> args,
      Map<String, String> environment, Path logFile, int metricsPort) {
    List<String> cmd = JavaCommand.main(mainClass).classpath(classpath).jvmOptions(jvmOptions).args(args).toList();
    return new JobpipeProcess(name, cmd, mainClass + " " + String.join(" ", args), environment, logFile, metricsPort);
  }

  public String name() {
    return name;
  }

  public List<String> command() {
    return command;
  }

  public Path logFile() {
    return logFile;
  }

  /** The port of its metrics and health endpoints; 0 when it serves none. */
  public int metricsPort() {
    return metricsPort;
  }

  /** Whether it is running and its {@code /health/ready} answers 200. */
  public boolean ready() {
    if (metricsPort == 0 || !isAlive()) {
      return false;
    }
    try {
      HttpResponse<Void> response = HTTP.send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + metricsPort + "/health/ready"))
              .timeout(Duration.ofSeconds(2)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The sum of the Prometheus samples of {@code metric} (e.g. {@code jobpipe_router_restarts_total})
   * whose labels include {@code label} (e.g. {@code part="routing"}; empty for every sample), read
   * from the running process's {@code /metrics}; 0 when it has none.
   */
  public double metric(String metric, String label) {
    try {
      HttpResponse<String> response = HTTP.send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + metricsPort + "/metrics"))
              .timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(name + " /metrics answered " + response.statusCode());
      }
      return response.body().lines()
          .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
          .filter(line -> line.substring(0, line.lastIndexOf(' ')).contains(label))
          .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " /metrics did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until {@link #ready()}; fails with the log tail if the process dies or the time runs out. */
  public JobpipeProcess awaitReady(Duration timeout) {
    try {
      Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
        if (!isAlive()) {
          throw new IllegalStateException(name + " exited with " + exitCode() + " before it was ready:\n" + logTail(40));
        }
        return ready();
      });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + logTail(40), e);
    }
    return this;
  }

  /** How many times this process has been started. */
  public synchronized int starts() {
    return starts;
  }

  /** Starts the process; it must not be running. */
  public synchronized JobpipeProcess start() {
    if (isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    try {
      Files.createDirectories(logFile.getParent());
      starts++;
      Files.writeString(logFile,
          "=== " + name + " start #" + starts + " at " + Instant.now() + ": " + displayCommand + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(logFile.toFile()))
          .redirectInput(Redirect.from(new File("/dev/null")));
      JavaCommand.CALLER_ONLY_ENVIRONMENT.forEach(builder.environment()::remove);
      builder.environment().putAll(environment);
      process = builder.start();
      startedAt = Instant.now();
      LIVE.add(this);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  public synchronized long pid() {
    requireStarted();
    return process.pid();
  }

  public synchronized Instant startedAt() {
    requireStarted();
    return startedAt;
  }

  /** The exit code if the process has ended, else empty. */
  public synchronized OptionalInt exitCode() {
    if (process == null || process.isAlive()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(process.exitValue());
  }

  /** SIGKILL: the process gets no chance to drain or commit. Returns its exit code (137). */
  public synchronized int kill() {
    requireStarted();
    process.destroyForcibly();
    int code = awaitExit(Duration.ofSeconds(30));
    LIVE.remove(this);
    return code;
  }

  /**
   * SIGTERM, then waits up to {@code grace} for a clean exit; SIGKILL after that. Returns the exit
   * code, so a test can assert a clean drain exits 0.
   */
  public synchronized int terminate(Duration grace) {
    requireStarted();
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        appendMarker("did not exit within " + grace + " of SIGTERM; SIGKILL");
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    int code = awaitExit(Duration.ofSeconds(30));
    LIVE.remove(this);
    return code;
  }

  /** Waits for the process to end by itself (a CLI command) and returns its exit code. */
  public int waitFor(Duration timeout) {
    Process p;
    synchronized (this) {
      requireStarted();
      p = process;
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
        throw new IllegalStateException(name + " did not exit within " + timeout + "; killed. Log:\n" + logTail(40));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + name, e);
    }
    LIVE.remove(this);
    return p.exitValue();
  }

  /** SIGKILL if running, then start again with the same command line. */
  public synchronized JobpipeProcess restart() {
    if (isAlive()) {
      kill();
    }
    return start();
  }

  /** The last {@code lines} lines of the log, for failure messages. */
  public String logTail(int lines) {
    try {
      if (!Files.exists(logFile)) {
        return "(no log)";
      }
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + logFile + ": " + e.getMessage() + ")";
    }
  }

  /** The whole log (every start), for assertions on what a command printed. */
  public String log() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL if still running; idempotent, never throws. */
  @Override
  public void close() {
    killQuietly();
  }

  private void killQuietly() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    LIVE.remove(this);
  }

  private int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(name + " (pid " + process.pid() + ") did not die within " + timeout);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + name, e);
    }
  }

  private void appendMarker(String text) {
    try {
      Files.writeString(logFile, "=== " + name + ": " + text + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // the marker only helps a human reading the log
    }
  }

  private void requireStarted() {
    if (process == null) {
      throw new IllegalStateException(name + " was never started");
    }
  }

  @Override
  public String toString() {
    Process p = process;
    return name + (p == null ? " (not started)" : " (pid " + p.pid() + (p.isAlive() ? ", running)" : ", exited)"));
  }
}
