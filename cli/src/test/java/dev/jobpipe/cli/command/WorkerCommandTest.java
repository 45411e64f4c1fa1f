package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.consumer.JobHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerCommandTest {

  private static final String HANDLERS = WorkerTestHandlers.class.getName() + "$";

  private static CliRun worker(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "worker";
    System.arraycopy(args, 0, full, 1, args.length);
    return CliRun.of(full);
  }

  private static void assertOneLineError(CliRun run, int code, String... fragments) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(code);
    assertThat(run.err()).as(run.toString()).startsWith("error: ").contains(fragments);
    assertThat(run.err().lines().filter(l -> l.startsWith("error: "))).hasSize(1);
    assertThat(run.err()).doesNotContain("\tat ");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void helpNamesTheOptions() {
    CliRun run = worker("--help");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("--type", "--handler", "--classpath", "--concurrency", "--ordering", "--group",
        "--metrics-port", "--job-timeout", "--drain-timeout", "--bootstrap-servers", "--schema-registry", "--command-config");
  }

  @Test
  void typeAndHandlerAreRequired() {
    assertOneLineError(worker("--handler", HANDLERS + "NoOp"), ExitCodes.USAGE, "--type");
    assertOneLineError(worker("--type", "email"), ExitCodes.USAGE, "--handler");
  }

  @Test
  void missingHandlerClass() {
    assertOneLineError(worker("--type", "email", "--handler", "com.example.Missing"), ExitCodes.USAGE,
        "handler class 'com.example.Missing' not found");
  }

  @Test
  void classThatIsNoHandler() {
    assertOneLineError(worker("--type", "email", "--handler", HANDLERS + "NotAHandler"), ExitCodes.USAGE,
        "does not implement dev.jobpipe.consumer.JobHandler");
  }

  @Test
  void handlerWithoutNoArgumentConstructor() {
    assertOneLineError(worker("--type", "email", "--handler", HANDLERS + "NeedsArguments"), ExitCodes.USAGE,
        "needs a public no-argument constructor");
  }

  @Test
  void handlerWhoseConstructorFails() {
    assertOneLineError(worker("--type", "email", "--handler", HANDLERS + "BrokenConstructor"), ExitCodes.USAGE,
        "failed to construct", "missing SMTP_HOST");
  }

  @Test
  void handlerWithANonAvroPayloadType() {
    assertOneLineError(worker("--type", "email", "--handler", HANDLERS + "StringPayload", "--metrics-port", "0"),
        ExitCodes.USAGE, "not an Avro record");
  }

  @Test
  void abstractHandler() {
    assertOneLineError(worker("--type", "email", "--handler", JobHandler.class.getName()), ExitCodes.USAGE, "abstract");
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "-5s", "0s", "PT-1S", "30"})
  void badDurations(String value) {
    assertOneLineError(worker("--type", "email", "--handler", HANDLERS + "NoOp", "--job-timeout", value), ExitCodes.USAGE,
        "--job-timeout", value);
  }

  @Test
  void badNumbersAndNames() {
    assertOneLineError(worker("--type", "Email Jobs", "--handler", HANDLERS + "NoOp"), ExitCodes.USAGE, "invalid job type 'Email Jobs'");
    assertOneLineError(worker("--type", "email", "--handler", HANDLERS + "NoOp", "--concurrency", "0"), ExitCodes.USAGE, "--concurrency must be at least 1");
    assertOneLineError(worker("--type", "email", "--handler", HANDLERS + "NoOp", "--ordering", "random"), ExitCodes.USAGE, "--ordering", "PARTITION, KEY, NONE");
    assertOneLineError(worker("--type", "email", "--handler", HANDLERS + "NoOp", "--metrics-port", "70000"), ExitCodes.USAGE, "--metrics-port");
    assertOneLineError(worker("--type", "email", "--handler", HANDLERS + "NoOp", "--max-inflight-per-partition", "0"), ExitCodes.USAGE, "--max-inflight-per-partition");
    assertOneLineError(worker("--type", "email", "--handler", HANDLERS + "NoOp", "--log-format", "xml"), ExitCodes.USAGE, "TEXT, JSON");
  }

  @Test
  void missingClasspathEntry(@TempDir Path dir) {
    Path missing = dir.resolve("handlers.jar");
    assertOneLineError(worker("--type", "email", "--handler", "com.example.Handler", "--classpath", missing.toString()),
        ExitCodes.USAGE, "--classpath entry '" + missing + "' does not exist");
  }

  @Test
  void badCommandConfigFile(@TempDir Path dir) {
    assertOneLineError(worker("--type", "email", "--handler", HANDLERS + "NoOp", "--command-config", dir.resolve("none.properties").toString()),
        ExitCodes.FAILED, "cannot read --command-config");
  }

  @Test
  void invalidWorkerSettingInCommandConfigNamesTheKey(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("client.properties");
    Files.writeString(config, "commit.interval.ms=-3\n");
    assertOneLineError(worker("--type", "email", "--handler", HANDLERS + "NoOp", "--command-config", config.toString()),
        ExitCodes.USAGE, "commit.interval.ms");
  }

  @Test
  void durationsAcceptLabelsAndIso() {
    WorkerDurationConverter converter = new WorkerDurationConverter();
    assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void handlerIsLoadedFromAJarOnTheClasspath(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("src/com/example/JarHandler.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, """
        package com.example;
        public class JarHandler implements dev.jobpipe.consumer.JobHandler<org.apache.avro.generic.GenericRecord> {
          public void handle(dev.jobpipe.consumer.Job<org.apache.avro.generic.GenericRecord> job) {}
        }
        """);
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-cp", System.getProperty("java.class.path"), "-d", classes.toString(), src.toString());
    assertThat(rc).isZero();
    Path jar = dir.resolve("handlers.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("com/example/JarHandler.class"));
      try (OutputStream entry = out) {
        Files.copy(classes.resolve("com/example/JarHandler.class"), entry);
      }
    }
    WorkerHandlerLoader.Loaded loaded = WorkerHandlerLoader.load("com.example.JarHandler", List.of(jar), getClass().getClassLoader());
    assertThat(loaded.handler().getClass().getName()).isEqualTo("com.example.JarHandler");
    assertThat(loaded.handler().getClass().getClassLoader()).isSameAs(loaded.classLoader());
  }
}
