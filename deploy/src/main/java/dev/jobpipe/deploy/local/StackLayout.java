package dev.jobpipe.deploy.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build laid out the stack's runtime: {@code kafka-libs/} (the broker's classpath) and
 * {@code apicurio/} (the unpacked registry). Found through the system property {@value
 * #STACK_DIR_PROPERTY} (set by the launcher and by failsafe) or, without it, by walking up from the
 * working directory to a {@code deploy/target/stack}.
 */
public final class StackLayout {
  /** System property naming the stack directory. */
  public static final String STACK_DIR_PROPERTY = "jobpipe.stack.dir";

  static final String RELATIVE_STACK_DIR = "deploy/target/stack";
  private static final String BUILD_HINT = "build it first: mvn -B -q -DskipTests package";

  private final Path root;
  private final Path runnerJar;

  private StackLayout(Path root, Path runnerJar) {
    this.root = root;
    this.runnerJar = runnerJar;
  }

  /** The stack of this checkout, from {@value #STACK_DIR_PROPERTY} or the working directory. */
  public static StackLayout locate() {
    return locate(System.getProperty(STACK_DIR_PROPERTY), Path.of(System.getProperty("user.dir")));
  }

  /**
   * The stack at {@code configured} when it is set, else the first {@code deploy/target/stack}
   * found walking up from {@code workingDir}. Throws {@link LocalStackException} saying to build
   * first when there is none.
   */
  public static StackLayout locate(String configured, Path workingDir) {
    if (configured != null && !configured.isBlank()) {
      return at(Path.of(configured), STACK_DIR_PROPERTY + "=" + configured);
    }
    for (Path dir = workingDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE_STACK_DIR);
      if (Files.isDirectory(candidate)) {
        return at(candidate, candidate.toString());
      }
    }
    throw new LocalStackException("the embedded Kafka/registry stack is not built (no " + RELATIVE_STACK_DIR
        + " in " + workingDir.toAbsolutePath().normalize() + " or its parents); " + BUILD_HINT);
  }

  private static StackLayout at(Path root, String source) {
    Path dir = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir.resolve("kafka-libs")) || findJar(dir.resolve("kafka-libs"), "kafka_2.13-") == null) {
      throw new LocalStackException("the embedded stack at " + source + " has no Kafka broker jars (kafka-libs/); " + BUILD_HINT);
    }
    Path runner = findJar(dir.resolve("apicurio"), "apicurio-registry-app-");
    if (runner == null || !runner.getFileName().toString().endsWith("-runner.jar")) {
      throw new LocalStackException("the embedded stack at " + source + " has no Apicurio registry (apicurio/*-runner.jar); " + BUILD_HINT);
    }
    return new StackLayout(dir, runner);
  }

  private static Path findJar(Path dir, String prefix) {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, prefix + "*.jar")) {
      for (Path jar : jars) {
        return jar;
      }
      return null;
    } catch (IOException e) {
      throw new LocalStackException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The stack directory itself. */
  public Path root() {
    return root;
  }

  /** The directory whose jars are the broker's classpath. */
  public Path kafkaLibs() {
    return root.resolve("kafka-libs");
  }

  /** The registry's runnable jar; its manifest names its {@code lib/} jars. */
  public Path apicurioRunnerJar() {
    return runnerJar;
  }

  /** Where class-data archives that speed up the children's start are kept. */
  public Path classDataDir() {
    return root.resolve("cds");
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
