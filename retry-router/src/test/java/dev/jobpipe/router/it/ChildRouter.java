package dev.jobpipe.router.it;

import dev.jobpipe.deploy.local.JavaCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A {@link RouterProcess} child JVM on the test classpath; its output goes to a log file. */
final class ChildRouter implements AutoCloseable {

  private final Process process;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Path log;

  ChildRouter(Map<String, Object> props, String tiers, Path log) throws IOException {
    this.log = log;
    List<String> args = new ArrayList<>();
    props.forEach((k, v) -> args.add(k + "=" + v));
    args.add("tiers=" + tiers);
    this.process = JavaCommand.main(RouterProcess.class).jvmOptions("-Xmx256m").args(args)
        .toProcessBuilder().redirectErrorStream(true).start();
    Thread pump = new Thread(this::pump, "child-router-output");
    pump.setDaemon(true);
    pump.start();
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
         PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        out.flush();
        if (line.equals("READY")) {
          ready.countDown();
        }
      }
    } catch (IOException e) {
      // the child is gone
    }
  }

  void awaitReady(Duration timeout) throws InterruptedException {
    if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("child router not ready within " + timeout + "; alive=" + process.isAlive() + ", see " + log);
    }
  }

  /** SIGKILL: no shutdown hook, no close, open transactions left behind. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
