package dev.jobpipe.reliability.harness;

import com.sun.net.httpserver.HttpServer;
import dev.jobpipe.reliability.harness.Behavior.Outcome;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A stand-in child process for the harness's own tests: prints {@code ready}, prints
 * {@code terminated} from a shutdown hook (which SIGTERM runs and SIGKILL does not); with
 * {@code --http PORT} serves {@code /health/ready}; with {@code --record DIR} records executions as
 * fast as it can until it is killed.
 */
public final class ChildMain {

  private ChildMain() {}

  public static void main(String[] args) throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("terminated")));
    Path record = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--http" -> {
          HttpServer server = HttpServer.create(new InetSocketAddress("localhost", Integer.parseInt(args[i + 1])), 0);
          server.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
          server.start();
        }
        case "--record" -> record = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.println("ready");
    System.out.flush();
    if (record != null) {
      ExecutionRecorder recorder = new ExecutionRecorder(record);
      for (long i = 0; ; i++) {
        recorder.record("job-" + i, 1, Outcome.OK);
      }
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
