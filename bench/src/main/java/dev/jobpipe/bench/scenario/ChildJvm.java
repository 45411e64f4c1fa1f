package dev.jobpipe.bench.scenario;

import dev.jobpipe.bench.contender.ChildMain;
import dev.jobpipe.bench.contender.ConsumeSpec;
import dev.jobpipe.bench.report.ProcStatus;
import dev.jobpipe.deploy.local.JavaCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs one contender in a JVM of its own ({@link ChildMain}), so that each starts equally cold,
 * none inherits another's garbage or JIT state, and its peak RSS is its own. Every child gets the
 * same JVM options. The child's output goes to a log file per run; children still alive when this
 * JVM exits are killed.
 */
final class ChildJvm {
  /**
   * The same heap for every contender, so peak RSS compares like with like. The young generation
   * is fixed ({@code -Xmn256m}): left to G1, it shrank after pauses that other load on the machine
   * had stretched, and two runs of one contender allocating the same 2.9 GB took 5 and 65 young
   * collections.
   */
  static final List<String> JVM_OPTIONS = List.of("-Xmx1g", "-Xmn256m", "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED");
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "bench-child-reaper"));
  }

  private ChildJvm() {}

  /**
   * Options from {@code BENCH_CHILD_JAVA_OPTS} (space-separated), e.g. a flight recording for
   * profiling; {@code {contender}} in them becomes the contender's name, so each gets its own file.
   */
  static List<String> extraOptions(String env, String contender) {
    if (env == null || env.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(env.trim().split("\\s+")).map(o -> o.replace("{contender}", contender)).toList();
  }

  /** Runs {@code spec} in a child JVM and waits for its result; throws when the child fails. */
  static ChildResult run(ConsumeSpec spec, Path logFile) {
    JavaCommand command = JavaCommand.main(ChildMain.class)
        .jvmOptions(JVM_OPTIONS)
        .jvmOptions(extraOptions(System.getenv("BENCH_CHILD_JAVA_OPTS"), spec.contender()));
    if (Runtime.version().feature() >= 23) {
      command.jvmOptions("--sun-misc-unsafe-memory-access=allow");
    }
    command.args(spec.toArgs());
    Process process;
    try {
      Files.createDirectories(logFile.getParent());
      process = command.toProcessBuilder().redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + spec.contender() + " child JVM: " + e.getMessage(), e);
    }
    LIVE.add(process);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
         Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      String line;
      while ((line = out.readLine()) != null) {
        log.write(line + "\n");
        log.flush();
        if (line.startsWith("FAILED")) {
          throw new IllegalStateException(spec.contender() + " child failed: " + line.substring(6).trim() + " (log: " + logFile + ")");
        }
        if (line.startsWith("RESULT ")) {
          long peak = ProcStatus.peakRss(process.pid()).orElse(-1);
          ChildResult result = ChildResult.parse(line, peak);
          process.getOutputStream().close();
          if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
          return result;
        }
      }
      throw new IllegalStateException(spec.contender() + " child exited (" + process.waitFor() + ") without a result (log: " + logFile + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("lost the " + spec.contender() + " child: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running the " + spec.contender() + " child", e);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      LIVE.remove(process);
    }
  }
}
