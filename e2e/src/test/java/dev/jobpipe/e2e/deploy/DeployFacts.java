package dev.jobpipe.e2e.deploy;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.consumer.JobWorkerConfig;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** What the deployment files must agree with, read from the code and the build rather than restated. */
final class DeployFacts {

  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z0-9_]+):-.*}");
  private static final Pattern LAUNCHER_EXEC = Pattern.compile("-cp\\s+\"([^\"]+)\"\\s+([\\w.]+)\\s+\"\\$@\"");

  private DeployFacts() {}

  /** The image every container runs: Jib's image name (deploy/docker/Dockerfile builds the same image). */
  static String image() {
    return ImageDefinition.jibName();
  }

  /**
   * The environment variables the CLI's connection options read, by option name
   * ({@code --bootstrap-servers -> JOBPIPE_BOOTSTRAP_SERVERS}), from {@link ConnectionOptions}' annotations.
   */
  static Map<String, String> connectionEnv() {
    Map<String, String> env = new TreeMap<>();
    for (Field field : ConnectionOptions.class.getDeclaredFields()) {
      Option option = field.getAnnotation(Option.class);
      if (option == null) {
        continue;
      }
      Matcher m = ENV_DEFAULT.matcher(option.defaultValue());
      if (m.matches()) {
        env.put(option.names()[0], m.group(1));
      }
    }
    if (env.isEmpty()) {
      throw new IllegalStateException("ConnectionOptions reads no environment variables");
    }
    return env;
  }

  static String bootstrapEnv() {
    return connectionEnv().get("--bootstrap-servers");
  }

  static String registryEnv() {
    return connectionEnv().get("--schema-registry");
  }

  /** The consumer group of a worker of a job type: the worker's default group id. */
  static String consumerGroup(String type) {
    return JobWorkerConfig.DEFAULT_GROUP_ID_PREFIX + type;
  }

  /** Main class started by the ./jobpipe launcher. */
  static String launcherMainClass() {
    return launcherExec().group(2);
  }

  /** Class path entries of the ./jobpipe launcher, e.g. {@code $CLI_JAR}, {@code $HOME_DIR/cli/target/lib/*}. */
  static List<String> launcherClasspath() {
    return Arrays.asList(launcherExec().group(1).split(":"));
  }

  private static Matcher launcherExec() {
    String launcher = Repo.read(Repo.path("jobpipe"));
    Matcher m = LAUNCHER_EXEC.matcher(launcher);
    if (!m.find()) {
      throw new IllegalStateException("cannot find the java -cp ... MainClass \"$@\" line of ./jobpipe");
    }
    return m;
  }
}
