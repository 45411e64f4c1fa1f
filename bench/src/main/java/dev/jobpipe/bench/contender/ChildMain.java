package dev.jobpipe.bench.contender;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The main class of a contender's child JVM: consumes as {@link ConsumeSpec} says, prints one
 * {@code RESULT completed=N elapsedNanos=E timedOut=B cpuNanos=C} line, then waits for its standard input to
 * close (so the parent can read this process's peak RSS while its memory is still there) and exits.
 * A start-up failure prints {@code FAILED <message>} and exits 1.
 */
public final class ChildMain {
  private ChildMain() {}

  public static void main(String[] args) throws Exception {
    ConsumeSpec spec;
    Contender contender;
    Progress progress;
    try {
      spec = ConsumeSpec.parse(args);
      contender = create(spec);
      progress = new Progress(spec.expected(), ChildMain::processCpuNanos);
      System.out.println("STARTING " + spec.contender());
      contender.start(progress, spec.workload());
    } catch (Throwable t) {
      System.out.println("FAILED " + t);
      t.printStackTrace();
      System.out.flush();
      Runtime.getRuntime().halt(1);
      return;
    }
    boolean done = progress.await(Duration.ofSeconds(spec.timeoutSeconds()));
    System.out.println("RESULT completed=" + progress.completedCount() + " elapsedNanos=" + progress.elapsedNanos()
        + " timedOut=" + !done + " cpuNanos=" + progress.cpuNanos());
    System.out.flush();
    awaitEndOfInput(System.in);
    Thread closer = Thread.ofPlatform().daemon().start(contender::close);
    closer.join(15_000);
    Runtime.getRuntime().halt(0);
  }

  /** CPU time of this whole process (every thread, GC and JIT included), or -1 where unsupported. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  static Contender create(ConsumeSpec spec) {
    return switch (spec.contender()) {
      case "jobpipe" -> new JobpipeContender(spec);
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
