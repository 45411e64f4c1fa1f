package dev.jobpipe.reliability.harness;

import dev.jobpipe.cli.Jobpipe;
import dev.jobpipe.deploy.local.JavaCommand;
import dev.jobpipe.testkit.JobpipeStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code jobpipe} processes of one scenario: workers and routers as real child JVMs running
 * {@code dev.jobpipe.cli.Jobpipe} on the test JVM's classpath (which holds the CLI, every module and
 * the recording handler), pointed at the shared broker and registry, logging to files under the
 * scenario's directory. Closing the fleet SIGKILLs whatever is still running; a JVM shutdown hook
 * does the same if the test never gets that far.
 */
public final class ProcessFleet implements AutoCloseable {

  /** The CLI entry point, run in every child. */
  public static final String MAIN_CLASS = Jobpipe.class.getName();

  /**
   * Small heaps, the serial collector and the C1 compiler only: the suite runs several JVMs on two
   * shared cores, where C2's compile threads would compete with the work under test for the whole
   * (short) life of each process; a worker's heap needs are bounded by its in-flight limit.
   */
  private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "--enable-native-access=ALL-UNNAMED");

  /**
   * Workers and routers log at INFO to their log file (the CLI's own configuration logs warnings
   * only), so a failed scenario shows what each process was doing. CLI runs keep the CLI's own
   * logging: what they print is what scenario 8 checks.
   */
  private static final String CHILD_LOGBACK = "-Dlogback.configurationFile=reliability-child-logback.xml";

  private final JobpipeStack stack;
  private final Path directory;
  private final String classpath;
  private final List<JobpipeProcess> processes = new ArrayList<>();

  public ProcessFleet(JobpipeStack stack, Path directory) {
    this.stack = stack;
    this.directory = directory;
    this.classpath = System.getProperty("reliability.classpath", System.getProperty("java.class.path"));
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path directory() {
    return directory;
  }

  /** The connection options every command gets: the stack's broker and registry. */
  public List<String> connection() {
    return List.of("--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.registryUrl());
  }

  /**
   * Starts {@code jobpipe worker --type T --handler RecordingHandler} with the stack's connection, a
   * free metrics port and {@code extraArgs} (e.g. {@code --concurrency}), the handler configured by
   * {@code settings}.
   */
  public JobpipeProcess startWorker(String name, String type, HandlerSettings settings, List<String> extraArgs) {
    List<String> args = new ArrayList<>(
        List.of("worker", "--type", type, "--handler", RecordingHandler.class.getName()));
    args.addAll(connection());
    int port = freePort();
    args.addAll(List.of("--metrics-port", Integer.toString(port)));
    args.addAll(extraArgs);
    List<String> jvm = new ArrayList<>(JVM_OPTIONS);
    jvm.add(CHILD_LOGBACK);
    jvm.addAll(settings.jvmOptions());
    return add(name, jvm, args, port).start();
  }

  /** Starts {@code jobpipe router} with the stack's connection, a free metrics port and {@code extraArgs}. */
  public JobpipeProcess startRouter(String name, List<String> extraArgs) {
    List<String> args = new ArrayList<>(List.of("router"));
    args.addAll(connection());
    int port = freePort();
    args.addAll(List.of("--metrics-port", Integer.toString(port)));
    args.addAll(extraArgs);
    List<String> jvm = new ArrayList<>(JVM_OPTIONS);
    jvm.add(CHILD_LOGBACK);
    return add(name, jvm, args, port).start();
  }

  /**
   * Starts {@code jobpipe ledger} with the stack's connection on a free port (its HTTP API, metrics
   * and health, advertised as 127.0.0.1) and {@code extraArgs} (application id, state directory).
   * {@link JobpipeProcess#metricsPort()} is the API's port.
   */
  public JobpipeProcess startLedger(String name, List<String> extraArgs) {
    List<String> args = new ArrayList<>(List.of("ledger"));
    args.addAll(connection());
    int port = freePort();
    args.addAll(List.of("--port", Integer.toString(port), "--advertised-host", "127.0.0.1"));
    args.addAll(extraArgs);
    List<String> jvm = new ArrayList<>(JVM_OPTIONS);
    jvm.add(CHILD_LOGBACK);
    return add(name, jvm, args, port).start();
  }

  /** A process running any {@code jobpipe} command line, not yet started. */
  public JobpipeProcess process(String name, List<String> jvmOptions, List<String> args) {
    List<String> jvm = new ArrayList<>(JVM_OPTIONS);
    jvm.addAll(jvmOptions);
    return add(name, jvm, args, 0);
  }

  /**
   * Runs one {@code jobpipe} command line to completion as a child process, the way a user at a
   * shell would, with stdout and stderr kept apart. Killed and failed after {@code timeout}.
   */
  public CliResult runCli(Duration timeout, List<String> args) {
    // as the ./jobpipe launcher runs it: no JVM options that would change what it prints
    JavaCommand cmd = JavaCommand.main(MAIN_CLASS).classpath(classpath).jvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1").args(args);
    try {
      Path out = Files.createTempFile(directory, "cli-", ".out");
      Path err = Files.createTempFile(directory, "cli-", ".err");
      Process p = cmd.toProcessBuilder().redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      try {
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          throw new AssertionError("jobpipe " + String.join(" ", args) + " did not exit within " + timeout
              + "; stderr: " + Files.readString(err, StandardCharsets.UTF_8));
        }
      } finally {
        if (p.isAlive()) {
          p.destroyForcibly();
        }
      }
      return new CliResult(args, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every process of the fleet, in start order. */
  public synchronized List<JobpipeProcess> processes() {
    return List.copyOf(processes);
  }

  /** SIGTERM every running process with {@code grace}, in parallel; returns name → exit code. */
  public Map<String, Integer> terminateAll(Duration grace) {
    Map<String, Integer> codes = new ConcurrentHashMap<>();
    List<Thread> threads = processes().stream().filter(JobpipeProcess::isAlive)
        .map(p -> Thread.ofVirtual().start(() -> codes.put(p.name(), p.terminate(grace)))).toList();
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return codes;
  }

  /** SIGKILLs every process still running. */
  @Override
  public void close() {
    processes().forEach(JobpipeProcess::close);
  }

  /** The last lines of every process's log, for failure messages. */
  public String diagnostics(int lines) {
    StringBuilder sb = new StringBuilder();
    for (JobpipeProcess p : processes()) {
      sb.append("\n----- ").append(p).append(" ").append(p.logFile()).append('\n').append(p.logTail(lines));
    }
    return sb.toString();
  }

  private synchronized JobpipeProcess add(String name, List<String> jvmOptions, List<String> args, int port) {
    JobpipeProcess p = JobpipeProcess.java(name, classpath, jvmOptions, MAIN_CLASS, args, Map.of(),
        directory.resolve(name + ".log"), port);
    processes.add(p);
    return p;
  }

  /** A port free right now; the child binds it a moment later (a race we accept in tests). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
