package dev.jobpipe.reliability.harness;

import dev.jobpipe.reliability.harness.Behavior.Outcome;
import java.nio.file.Path;

/**
 * A stand-in child process for the harness's own tests: prints {@code ready}, prints
 * {@code terminated} from a shutdown hook (which SIGTERM runs and SIGKILL does not), and, given a
 * directory, records executions as fast as it can until it is killed.
 */
public final class ChildMain {

  private ChildMain() {}

  public static void main(String[] args) throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("terminated")));
    System.out.println("ready");
    System.out.flush();
    if (args.length > 0) {
      ExecutionRecorder recorder = new ExecutionRecorder(Path.of(args[0]));
      for (long i = 0; ; i++) {
        recorder.record("job-" + i, 1, Outcome.OK);
      }
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
