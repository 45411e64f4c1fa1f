package dev.jobpipe.deploy.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The command line of a child JVM: this JVM's own {@code java}, JVM options, a class path, a main
 * class and its arguments. The one place every launcher (the local stack, the bench, the
 * reliability harness, tests that kill a child) builds a {@code java} process, so that every child
 * runs on the caller's JDK and none inherits the caller's {@code JAVA_TOOL_OPTIONS}: options meant
 * for the caller (an agent, a debugger port, a heap dump path) would otherwise change or break the
 * child, or print a line into output a test parses.
 */
public final class JavaCommand {
  /** Environment variables the JVM reads options from; they belong to the caller alone. */
  public static final List<String> CALLER_ONLY_ENVIRONMENT = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private final String mainClass;
  private final List<String> jvmOptions = new ArrayList<>();
  private final List<String> args = new ArrayList<>();
  private String classpath = System.getProperty("java.class.path");

  private JavaCommand(String mainClass) {
    this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
  }

  /** A child running {@code mainClass} on this JVM's class path until told otherwise. */
  public static JavaCommand main(String mainClass) {
    return new JavaCommand(mainClass);
  }

  public static JavaCommand main(Class<?> mainClass) {
    return new JavaCommand(mainClass.getName());
  }

  public JavaCommand classpath(String classpath) {
    this.classpath = Objects.requireNonNull(classpath, "classpath");
    return this;
  }

  public JavaCommand classpath(Collection<Path> entries) {
    return classpath(entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
  }

  public JavaCommand jvmOptions(String... options) {
    return jvmOptions(Arrays.asList(options));
  }

  public JavaCommand jvmOptions(Collection<String> options) {
    jvmOptions.addAll(options);
    return this;
  }

  public JavaCommand args(String... arguments) {
    return args(Arrays.asList(arguments));
  }

  public JavaCommand args(Collection<String> arguments) {
    args.addAll(arguments);
    return this;
  }

  /** The full command: {@code java <options> -cp <class path> <main> <args>}. */
  public List<String> toList() {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable().toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /**
   * A process builder for this command with the caller-only variables removed from its
   * environment and its standard input empty (a child never waits on our terminal). Callers add
   * their own output redirects and environment.
   */
  public ProcessBuilder toProcessBuilder() {
    ProcessBuilder builder = new ProcessBuilder(toList());
    CALLER_ONLY_ENVIRONMENT.forEach(builder.environment()::remove);
    File devNull = new File("/dev/null");
    if (devNull.exists()) {
      builder.redirectInput(ProcessBuilder.Redirect.from(devNull));
    }
    return builder;
  }

  /** The {@code java} of the JVM we run in: children use the same JDK as their caller. */
  public static Path javaExecutable() {
    Path bin = Path.of(System.getProperty("java.home"), "bin");
    Path java = bin.resolve("java");
    return Files.isExecutable(java) ? java : bin.resolve("java.exe");
  }

  @Override
  public String toString() {
    return String.join(" ", toList());
  }
}
