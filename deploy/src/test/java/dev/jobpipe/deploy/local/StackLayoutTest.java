package dev.jobpipe.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackLayoutTest {
  @TempDir
  Path project;

  @Test
  void theSystemPropertyWins() throws IOException {
    Path stack = fakeStack(project.resolve("elsewhere"));

    StackLayout layout = StackLayout.locate(stack.toString(), project);

    assertThat(layout.root()).isEqualTo(stack);
    assertThat(layout.kafkaLibs()).isEqualTo(stack.resolve("kafka-libs"));
    assertThat(layout.apicurioRunnerJar()).isEqualTo(stack.resolve("apicurio/apicurio-registry-app-2.6.13.Final-runner.jar"));
  }

  @Test
  void withoutThePropertyItWalksUpFromTheWorkingDirectory() throws IOException {
    Path stack = fakeStack(project.resolve("deploy/target/stack"));
    Path nested = Files.createDirectories(project.resolve("job-consumer/target"));

    assertThat(StackLayout.locate(null, nested).root()).isEqualTo(stack);
    assertThat(StackLayout.locate("  ", nested).root()).isEqualTo(stack);
  }

  @Test
  void noStackSaysToBuildFirst() {
    assertThatThrownBy(() -> StackLayout.locate(null, project))
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("stack is not built")
        .hasMessageContaining(project.toString())
        .hasMessageContaining("build it first: mvn")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aPropertyNamingAnEmptyDirectoryNamesTheProperty() {
    assertThatThrownBy(() -> StackLayout.locate(project.toString(), project))
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("jobpipe.stack.dir=" + project)
        .hasMessageContaining("no Kafka broker jars");
  }

  @Test
  void aStackWithoutTheRegistryIsIncomplete() throws IOException {
    Path stack = fakeStack(project.resolve("s"));
    Files.delete(stack.resolve("apicurio/apicurio-registry-app-2.6.13.Final-runner.jar"));

    assertThatThrownBy(() -> StackLayout.locate(stack.toString(), project))
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("no Apicurio registry");
  }

  static Path fakeStack(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("kafka-libs"));
    Files.createFile(dir.resolve("kafka-libs/kafka_2.13-4.3.1.jar"));
    Files.createDirectories(dir.resolve("apicurio/lib"));
    Files.createFile(dir.resolve("apicurio/apicurio-registry-app-2.6.13.Final-runner.jar"));
    return dir.toAbsolutePath().normalize();
  }
}
