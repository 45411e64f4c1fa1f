package dev.jobpipe.bench.contender;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The main class of a contender's child JVM: consumes the warm-up topic (unmeasured) if there is one,
 * then the measured topic, as {@link ConsumeSpec} says, prints one
 * {@code RESULT completed=N elapsedNanos=E timedOut=B cpuNanos=C meanWorkNanos=W} line, then waits for its standard input to
 * close (so the parent can read this process's peak RSS while its memory is still there) and exits.
 * A start-up failure prints {@code FAILED <message>} and exits 1.
 */
public final class ChildMain {
  private static final long JIT_QUIET_MILLIS = 500;
  private static final long JIT_QUIET_MAX_MILLIS = 20_000;
  /** At most this many passes over the warm-up topic. */
  private static final int MAX_WARMUP_PASSES = 3;
  /** A warm-up pass that spent less than this share of its time compiling leaves the hot paths compiled. */
  private static final double JIT_SETTLED_SHARE = 0.25;

  private ChildMain() {}

  public static void main(String[] args) throws Exception {
    ConsumeSpec spec;
    Contender contender;
    Progress progress;
    long startNanos;
    try {
      spec = ConsumeSpec.parse(args);
      if (spec.warmup().isPresent()) {
        warmUp(spec.warmup().get());
        awaitQuietCompiler();
      }
      Workload.resetTimings();
      contender = create(spec);
      progress = Progress.counting(spec.expected(), RuntimeCounters::now);
      System.out.println("STARTING " + spec.contender() + " at " + java.time.LocalTime.now());
      startNanos = System.nanoTime();
      contender.start(progress, spec.workload());
    } catch (Throwable t) {
      System.out.println("FAILED " + t);
      t.printStackTrace();
      System.out.flush();
      Runtime.getRuntime().halt(1);
      return;
    }
    long[] ticksAtStart = userSystemTicks();
    boolean done = progress.await(Duration.ofSeconds(spec.timeoutSeconds()));
    long[] ticksAtEnd = userSystemTicks();
    // for the run's log only: how the process's CPU split between user and kernel time since start-up
    System.out.println("CPU user=" + (ticksAtEnd[0] - ticksAtStart[0]) * 10 + "ms system="
        + (ticksAtEnd[1] - ticksAtStart[1]) * 10 + "ms (clock ticks of /proc/self/stat, 10 ms each)");
    System.out.println("RESULT completed=" + progress.completedCount() + " elapsedNanos=" + progress.elapsedNanos()
        + " timedOut=" + !done + " cpuNanos=" + progress.cpuNanos()
        + " meanWorkNanos=" + Math.round(Workload.meanWorkNanos()) + spread(progress, startNanos));
    System.out.flush();
    awaitEndOfInput(System.in);
    Thread closer = Thread.ofPlatform().daemon().start(contender::close);
    closer.join(15_000);
    // exit, not halt, so shutdown hooks run (a flight recording is written then); halt if they hang
    Thread.ofPlatform().daemon().start(() -> {
      try {
        Thread.sleep(20_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(0);
    });
    System.exit(0);
  }

  /**
   * The RESULT fields that say where a run's time went: from the contender's start to its first
   * record (group join, assignment, first fetch), collections and compilation within the run, and
   * the milliseconds each tenth of the records took.
   */
  private static String spread(Progress progress, long startNanos) {
    RuntimeCounters spent = progress.spent();
    if (spent == null || progress.firstNanos() == 0) {
      return "";
    }
    return " firstRecordMillis=" + (progress.firstNanos() - startNanos) / 1_000_000 + " gcCount=" + spent.gcCount()
        + " gcMillis=" + spent.gcMillis() + " jitMillis=" + spent.jitMillis() + " allocatedBytes=" + spent.allocatedBytes()
        + " shareMillis="
        + progress.shareMillis().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
  }

  /**
   * Consumes the warm-up topic in passes, each to the end with a contender (and group) of its own,
   * until a pass compiles little: one pass left hot methods queued for C2 (the compiler threads
   * fall behind on 2 busy cores), and HotSpot drops queued methods that stopped running as stale, so
   * they were compiled during the measured run instead, which then crawled through its first tenths
   * (JFR: {@code JobExecutor.attempt} and {@code WorkerRuntime.dispatch} compiled by C2 after the
   * measured run started).
   */
  private static void warmUp(ConsumeSpec warmup) throws InterruptedException {
    var jit = ManagementFactory.getCompilationMXBean();
    boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
    for (int pass = 1; ; pass++) {
      long jitBefore = timed ? jit.getTotalCompilationTime() : 0;
      long start = System.nanoTime();
      warmUpPass(pass == 1 ? warmup : warmup.withGroup(warmup.group() + "-" + pass));
      long wallMillis = (System.nanoTime() - start) / 1_000_000;
      long jitMillis = timed ? jit.getTotalCompilationTime() - jitBefore : 0;
      System.out.printf("WARM-UP pass %d: %.1f s, %d ms compiling%n", pass, wallMillis / 1e3, jitMillis);
      if (!timed || pass >= MAX_WARMUP_PASSES || jitMillis <= wallMillis * JIT_SETTLED_SHARE) {
        return;
      }
    }
  }

  /** Consumes the warm-up topic to the end with a contender of its own, then closes it. */
  private static void warmUpPass(ConsumeSpec warmup) throws InterruptedException {
    Progress progress = new Progress(warmup.expected());
    System.out.println("WARMING UP " + warmup.contender() + " on " + warmup.topic());
    try (Contender contender = create(warmup)) {
      contender.start(progress, warmup.workload());
      if (!progress.await(Duration.ofSeconds(warmup.timeoutSeconds()))) {
        throw new IllegalStateException("warm-up completed " + progress.completedCount() + " of "
            + warmup.expected() + " records within " + warmup.timeoutSeconds() + " s");
      }
    }
    System.out.printf("WARMED UP in %.1f s%n", progress.elapsedNanos() / 1e9);
  }

  /**
   * Waits until the JIT compiler has compiled nothing for {@link #JIT_QUIET_MILLIS} (at most
   * {@link #JIT_QUIET_MAX_MILLIS}): the warm-up queued the hot paths for C2, and compiling them
   * while the measured run goes would charge the run with compilation no long-running process pays.
   */
  private static void awaitQuietCompiler() throws InterruptedException {
    var jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return;
    }
    long start = System.nanoTime();
    long last = jit.getTotalCompilationTime();
    long quietSince = System.nanoTime();
    while (System.nanoTime() - start < JIT_QUIET_MAX_MILLIS * 1_000_000L) {
      Thread.sleep(50);
      long now = jit.getTotalCompilationTime();
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince >= JIT_QUIET_MILLIS * 1_000_000L) {
        break;
      }
    }
    System.out.printf("JIT quiet after %.1f s (%d ms compiling in total)%n", (System.nanoTime() - start) / 1e9, last);
  }

  /** CPU time of this whole process (every thread, GC and JIT included), or -1 where unsupported. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** utime and stime of /proc/self/stat in clock ticks; zeros where there is no /proc. */
  static long[] userSystemTicks() {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  static Contender create(ConsumeSpec spec) {
    return switch (spec.contender()) {
      case "jobpipe" -> new JobpipeContender(spec, true);
      case "jobpipe-nodone" -> new JobpipeContender(spec, false);
      case "plain" -> new PlainLoopContender(spec);
      case "spring" -> new SpringContender(spec);
      case "pc" -> new ParallelConsumerContender(spec);
      default -> throw new IllegalArgumentException("unknown contender " + spec.contender());
    };
  }

  private static void awaitEndOfInput(InputStream in) {
    try {
      while (in.read() >= 0) {
        // the parent closes our input once it has read what it needs
      }
    } catch (IOException e) {
      // a broken pipe means the parent is gone: exit too
    }
  }
}
