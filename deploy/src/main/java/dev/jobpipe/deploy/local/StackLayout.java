package dev.jobpipe.deploy.local;

import dev.jobpipe.deploy.local.internal.StackFetch;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the stack's runtime is laid out: {@code kafka-libs/} (the broker's classpath) and
 * {@code apicurio/} (the unpacked registry). Found through the system property {@value
 * #STACK_DIR_PROPERTY} (set by the checkout's launcher and by failsafe), else by walking up from the
 * working directory to a checkout's {@code deploy/target/stack}, else (a service's tests, the
 * distribution: no checkout) fetched by the Maven coordinates this build was made with into
 * {@value #STACK_CACHE_PROPERTY} (default {@code ~/.cache/jobpipe/stack}), from the local Maven
 * repository ({@code maven.repo.local}, else {@code ~/.m2/repository}) or {@value
 * #MAVEN_REMOTE_PROPERTY} (default Maven Central).
 */
public final class StackLayout {
  /** System property naming the stack directory. */
  public static final String STACK_DIR_PROPERTY = "jobpipe.stack.dir";
  /** System property: where a stack fetched by Maven coordinates is cached. */
  public static final String STACK_CACHE_PROPERTY = "jobpipe.stack.cache";
  /** System property: the Maven repository a missing stack artifact is downloaded from. */
  public static final String MAVEN_REMOTE_PROPERTY = "jobpipe.maven.remote";
  /** The default of {@value #MAVEN_REMOTE_PROPERTY}. */
  public static final String MAVEN_CENTRAL = "https://repo.maven.apache.org/maven2";

  static final String RELATIVE_STACK_DIR = "deploy/target/stack";
  private static final String BUILD_HINT = "build it first: mvn -B -q -DskipTests package";

  private final Path root;
  private final Path runnerJar;

  private StackLayout(Path root, Path runnerJar) {
    this.root = root;
    this.runnerJar = runnerJar;
  }

  /**
   * The stack named by {@value #STACK_DIR_PROPERTY}, else the checkout's around the working
   * directory, else the one fetched by Maven coordinates (downloading what the local repository
   * lacks on first use).
   */
  public static StackLayout locate() {
    String configured = System.getProperty(STACK_DIR_PROPERTY);
    Path workingDir = Path.of(System.getProperty("user.dir"));
    if ((configured == null || configured.isBlank()) && checkoutStack(workingDir) == null) {
      return fetched();
    }
    return locate(configured, workingDir);
  }

  /** The stack fetched by this build's Maven coordinates into {@value #STACK_CACHE_PROPERTY}. */
  public static StackLayout fetched() {
    Path home = Path.of(System.getProperty("user.home"));
    String repoLocal = System.getProperty("maven.repo.local");
    List<Path> localRepositories = new ArrayList<>();
    if (repoLocal != null && !repoLocal.isBlank()) {
      localRepositories.add(Path.of(repoLocal));
    }
    localRepositories.add(home.resolve(".m2/repository"));
    Path cache = Path.of(System.getProperty(STACK_CACHE_PROPERTY, home.resolve(".cache/jobpipe/stack").toString()));
    URI remote = URI.create(System.getProperty(MAVEN_REMOTE_PROPERTY, MAVEN_CENTRAL));
    Path dir = StackFetch.ofThisBuild(localRepositories, remote).fetchInto(cache);
    return at(dir, dir + " (fetched by Maven coordinates)");
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
    Path candidate = checkoutStack(workingDir);
    if (candidate != null) {
      return at(candidate, candidate.toString());
    }
    throw new LocalStackException("the embedded Kafka/registry stack is not built (no " + RELATIVE_STACK_DIR
        + " in " + workingDir.toAbsolutePath().normalize() + " or its parents); " + BUILD_HINT);
  }

  /** The first {@code deploy/target/stack} walking up from {@code workingDir}; null if none. */
  private static Path checkoutStack(Path workingDir) {
    for (Path dir = workingDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE_STACK_DIR);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
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
