package dev.jobpipe.deploy.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {
  @TempDir
  Path dir;

  @Test
  void theFirstChildDumpsToATemporaryFileThatIsPublishedOnACleanExit() throws Exception {
    List<Path> classpath = List.of(Files.writeString(dir.resolve("a.jar"), "a"));
    ClassDataArchive first = ClassDataArchive.of(dir.resolve("cds"), "kafka", classpath, true);
    String option = first.jvmOptions().getFirst();
    assertThat(option).startsWith("-XX:ArchiveClassesAtExit=").endsWith(".tmp");
    Files.writeString(Path.of(option.substring(option.indexOf('=') + 1)), "dumped");

    first.publish(true);

    assertThat(first.creating()).isTrue();
    ClassDataArchive next = ClassDataArchive.of(dir.resolve("cds"), "kafka", classpath, true);
    assertThat(next.creating()).isFalse();
    assertThat(next.jvmOptions().getFirst()).startsWith("-XX:SharedArchiveFile=").endsWith(".jsa");
    assertThat(first.jvmOptions()).as("class-sharing warnings kept out of the child's log").contains("-Xlog:cds*=error");
    assertThat(next.jvmOptions()).contains("-Xlog:cds*=error");
    try (var files = Files.list(dir.resolve("cds"))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void aDumpOfAChildThatDidNotExitCleanlyIsDiscarded() throws Exception {
    List<Path> classpath = List.of(Files.writeString(dir.resolve("a.jar"), "a"));
    ClassDataArchive first = ClassDataArchive.of(dir.resolve("cds"), "kafka", classpath, true);
    String option = first.jvmOptions().getFirst();
    Files.writeString(Path.of(option.substring(option.indexOf('=') + 1)), "partial");

    first.publish(false);

    assertThat(ClassDataArchive.of(dir.resolve("cds"), "kafka", classpath, true).jvmOptions().getFirst())
        .startsWith("-XX:ArchiveClassesAtExit=");
    try (var files = Files.list(dir.resolve("cds"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aChangedClasspathGetsItsOwnArchive() throws Exception {
    Path jar = Files.writeString(dir.resolve("a.jar"), "a");
    ClassDataArchive first = ClassDataArchive.of(dir.resolve("cds"), "kafka", List.of(jar), true);
    String option = first.jvmOptions().getFirst();
    Files.writeString(Path.of(option.substring(option.indexOf('=') + 1)), "dumped");
    first.publish(true);

    Files.writeString(jar, "a rebuilt jar of another size");

    assertThat(ClassDataArchive.of(dir.resolve("cds"), "kafka", List.of(jar), true).jvmOptions().getFirst())
        .startsWith("-XX:ArchiveClassesAtExit=");
  }

  @Test
  void aNewArchiveReplacesTheOldOneOfItsKindOnly() throws Exception {
    Path jar = Files.writeString(dir.resolve("a.jar"), "a");
    Path cds = dir.resolve("cds");
    dump(ClassDataArchive.of(cds, "kafka", List.of(jar), true));
    dump(ClassDataArchive.of(cds, "kafka-storage", List.of(jar), true));
    Files.writeString(jar, "a rebuilt jar of another size");

    dump(ClassDataArchive.of(cds, "kafka", List.of(jar), true));

    try (var files = Files.list(cds)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .hasSize(2)
          .anyMatch(n -> n.startsWith("kafka-storage-"))
          .anyMatch(n -> n.matches("kafka-\\d+-[0-9a-f]{12}\\.jsa"));
    }
    assertThat(ClassDataArchive.of(cds, "kafka", List.of(jar), true).jvmOptions().getFirst())
        .startsWith("-XX:SharedArchiveFile=");
  }

  private static void dump(ClassDataArchive archive) throws Exception {
    String option = archive.jvmOptions().getFirst();
    Files.writeString(Path.of(option.substring(option.indexOf('=') + 1)), "dumped");
    archive.publish(true);
  }

  @Test
  void withoutPermissionToCreateNothingIsUsed() throws Exception {
    List<Path> classpath = List.of(Files.writeString(dir.resolve("a.jar"), "a"));

    assertThat(ClassDataArchive.of(dir.resolve("cds"), "kafka", classpath, false).jvmOptions()).isEmpty();
  }
}
