package dev.jobpipe.deploy.local.internal;

import dev.jobpipe.deploy.local.JavaCommand;
import dev.jobpipe.deploy.local.LocalStackException;
import dev.jobpipe.deploy.local.Supervision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One child JVM of the stack: launched with this JVM's own {@code java}, its output appended to a
 * log file, run through {@link ParentWatch} so that a {@link Supervision#TIED} child dies with us.
 * A {@link Supervision#DETACHED} child is started in a session of its own ({@code setsid}) so that
 * neither a terminal's Ctrl-C nor its hang-up reaches it.
 */
public final class ChildJvm {
  static final int LOG_TAIL_LINES = 40;
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);
  private static final Duration ARCHIVE_DUMP_GRACE = Duration.ofSeconds(20);

  private final String name;
  private final Process process;
  private final Path logFile;
  private final ClassDataArchive archive;

  private final Thread shutdownHook;

  private ChildJvm(String name, Process process, Path logFile, ClassDataArchive archive, boolean tied) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.archive = archive;
    // The normal-exit path of a tied child: stop it with this JVM. (A killed JVM runs no hooks;
    // then the child's ParentWatch notices within seconds.)
    this.shutdownHook = tied ? new Thread(() -> stop(process.toHandle(), SHUTDOWN_GRACE), "jobpipe-stop-" + process.pid()) : null;
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  /** What to run: built by the broker and the registry. */
  public record Spec(
      String name,
      String kind,
      Path classDataDir,
      List<String> jvmOptions,
      List<Path> classpath,
      String mainClass,
      List<String> args,
      Path workDir,
      Path logFile,
      Supervision supervision) {
    public Spec {
      Objects.requireNonNull(name, "name");
      jvmOptions = List.copyOf(jvmOptions);
      classpath = List.copyOf(classpath);
      args = List.copyOf(args);
    }
  }

  /** Starts the child; it runs until {@link #stop(Duration)} or, when tied, until this JVM ends. */
  public static ChildJvm launch(Spec spec) {
    Path watchJar = WatchJar.ensure(spec.classDataDir());
    List<Path> classpath = new ArrayList<>(spec.classpath());
    classpath.add(watchJar);
    boolean tied = spec.supervision() == Supervision.TIED;
    // A detached child may never exit normally while we watch, so it only uses an existing archive.
    ClassDataArchive archive = ClassDataArchive.of(spec.classDataDir(), spec.kind(), classpath, tied);

    List<String> watched = new ArrayList<>();
    watched.add(tied ? Long.toString(ProcessHandle.current().pid()) : "0");
    watched.add(spec.mainClass());
    watched.addAll(spec.args());
    ProcessBuilder builder = JavaCommand.main(ParentWatch.class)
        .jvmOptions(spec.jvmOptions())
        .jvmOptions(archive.jvmOptions())
        .classpath(classpath)
        .args(watched)
        .toProcessBuilder()
        .directory(Dirs.create(spec.workDir()).toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
    if (!tied) {
      setsid().ifPresent(command -> builder.command().add(0, command));
    }
    try {
      Dirs.create(spec.logFile().getParent());
      return new ChildJvm(spec.name(), builder.start(), spec.logFile(), archive, tied);
    } catch (IOException e) {
      throw new LocalStackException("cannot start the " + spec.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs a child to completion (e.g. a storage format tool) and returns normally only if it exits
   * with status 0 within {@code timeout}.
   */
  public static void runToCompletion(Spec spec, Duration timeout) {
    ChildJvm child = launch(spec);
    try {
      if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        child.kill();
        throw child.failure("did not finish within " + seconds(timeout));
      }
    } catch (InterruptedException e) {
      child.kill();
      Thread.currentThread().interrupt();
      throw new LocalStackException("interrupted while running the " + spec.name(), e);
    }
    child.forgetShutdownHook();
    child.archive.publish(child.process.exitValue() == 0);
    if (child.process.exitValue() != 0) {
      throw child.failure("failed with exit status " + child.process.exitValue());
    }
  }

  /**
   * Waits until {@code ready} answers true. Fails fast, with the log's tail, when the child exits
   * first; on timeout the child is killed so that nothing half-started is left running.
   */
  public void awaitReady(BooleanSupplier ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        forgetShutdownHook();
        archive.publish(false);
        throw failure("exited during start-up with status " + process.exitValue());
      }
      if (ready.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        kill();
        throw failure("did not answer within " + seconds(timeout));
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        kill();
        Thread.currentThread().interrupt();
        throw new LocalStackException("interrupted while starting the " + name, e);
      }
    }
  }

  /** Asks the child to stop (SIGTERM), then kills it if it has not exited within {@code grace}. */
  public void stop(Duration grace) {
    // A child dumping its class-data archive at exit needs a few seconds more, once per machine.
    Duration effective = archive.creating() && grace.compareTo(ARCHIVE_DUMP_GRACE) < 0 ? ARCHIVE_DUMP_GRACE : grace;
    boolean clean = stop(process.toHandle(), effective);
    forgetShutdownHook();
    archive.publish(clean);
  }

  private void forgetShutdownHook() {
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // this JVM is shutting down: the hook runs anyway and finds the child gone
      }
    }
  }

  /**
   * Stops any process: SIGTERM, wait up to {@code grace}, then SIGKILL. Returns whether it exited
   * on its own (true also when it was not running).
   */
  public static boolean stop(ProcessHandle handle, Duration grace) {
    if (!Liveness.isRunning(handle)) {
      return true;
    }
    handle.destroy();
    try {
      if (Liveness.awaitExit(handle, grace)) {
        return true;
      }
      handle.destroyForcibly();
      if (!Liveness.awaitExit(handle, Duration.ofSeconds(10))) {
        throw new LocalStackException("process " + handle.pid() + " did not exit even when killed");
      }
      return false;
    } catch (InterruptedException e) {
      handle.destroyForcibly();
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void kill() {
    forgetShutdownHook();
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    archive.publish(false);
  }

  private LocalStackException failure(String what) {
    return new LocalStackException("the " + name + " " + what + " (log: " + logFile + ")",
        Dirs.tail(logFile, LOG_TAIL_LINES), null);
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path logFile() {
    return logFile;
  }

  private static Optional<String> setsid() {
    for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
