package dev.jobpipe.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaCommandTest {

  @Test
  void runsTheCallersJavaWithOptionsBeforeTheClassPathAndArgumentsAfterTheMainClass() {
    List<String> command = JavaCommand.main("a.Main").classpath(List.of(Path.of("/x.jar"), Path.of("/y.jar")))
        .jvmOptions("-Xmx64m").args("one", "two").toList();

    assertThat(command.getFirst()).isEqualTo(JavaCommand.javaExecutable().toString())
        .startsWith(System.getProperty("java.home"));
    assertThat(command.subList(1, command.size()))
        .containsExactly("-Xmx64m", "-cp", "/x.jar" + java.io.File.pathSeparator + "/y.jar", "a.Main", "one", "two");
  }

  @Test
  void aChildDoesNotInheritItsCallersJavaToolOptions() throws Exception {
    // The caller (a launcher) runs with JAVA_TOOL_OPTIONS set, as under an IDE, a profiler or CI;
    // the child it starts through JavaCommand must not receive them.
    ProcessBuilder caller = new ProcessBuilder(
        JavaCommand.main(Launcher.class).toList()).redirectErrorStream(true);
    caller.environment().put("JAVA_TOOL_OPTIONS", "-Dprobe=leaked");
    caller.environment().put("PROBE_ENV", "kept");
    Process p = caller.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();

    assertThat(out).contains("caller probe=leaked") // the caller itself did pick them up
        .contains("child probe=null tool-options=null env=kept");
  }

  /** A caller that launches {@link Child} the way every jobpipe launcher does. */
  public static final class Launcher {
    public static void main(String[] args) throws Exception {
      System.out.println("caller probe=" + System.getProperty("probe"));
      Process child = JavaCommand.main(Child.class).toProcessBuilder().redirectErrorStream(true).start();
      System.out.print(new String(child.getInputStream().readAllBytes()));
      System.exit(child.waitFor());
    }
  }

  /** Prints what a child sees. */
  public static final class Child {
    public static void main(String[] args) {
      System.out.println("child probe=" + System.getProperty("probe") + " tool-options=" + System.getenv("JAVA_TOOL_OPTIONS")
          + " env=" + System.getenv("PROBE_ENV"));
    }
  }
}
