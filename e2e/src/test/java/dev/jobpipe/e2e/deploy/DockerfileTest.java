package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker/Dockerfile packages what the build really produces (the CLI jar and the runtime
 * dependencies copied next to it) and starts the same main class on the same class path as the
 * ./jobpipe launcher. No Docker engine here: the file is parsed, not built.
 */
class DockerfileTest {

  static final String DOCKERFILE = "deploy/docker/Dockerfile";

  static Dockerfile dockerfile() {
    return Dockerfile.parse(Repo.read(Repo.path(DOCKERFILE)));
  }

  /** The uid the image runs as (its final USER), which Kubernetes' runAsUser must repeat. */
  static String runtimeUser() {
    List<String> users = dockerfile().finalStage().users();
    assertThat(users).as("final stage sets USER").isNotEmpty();
    return users.get(users.size() - 1).split(":")[0];
  }

  static String cliJar() {
    return "cli/target/" + Repo.artifactId("cli/pom.xml") + "-" + Repo.projectVersion() + ".jar";
  }

  private static String strip(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** Repository paths the final stage copies out of the build stage, mapped to where they land in the image. */
  private static java.util.Map<String, String> copiedFromBuild(Dockerfile file) {
    Dockerfile.Stage last = file.finalStage();
    java.util.Map<String, String> copied = new java.util.TreeMap<>();
    for (Dockerfile.Copy copy : last.copies()) {
      assertThat(copy.from()).as("final stage copies only from a build stage: " + copy).isNotNull();
      Dockerfile.Stage build = file.stage(copy.from());
      String root = strip(build.workdir()) + "/";
      for (String source : copy.sources()) {
        assertThat(source).as("COPY source inside the build stage's checkout " + root).startsWith(root);
        copied.put(strip(source.substring(root.length())), copy.destination());
      }
    }
    return copied;
  }

  @Test
  void buildStagePackagesTheCliFromTheCheckout() {
    Dockerfile file = dockerfile();
    assertThat(file.stages()).hasSizeGreaterThanOrEqualTo(2);
    String buildName = file.finalStage().copies().get(0).from();
    Dockerfile.Stage build = file.stage(buildName);
    assertThat(build.copies()).anySatisfy(c -> assertThat(c.sources()).containsExactly("."));
    assertThat(build.runs()).anySatisfy(run -> assertThat(run)
        .contains("mvn").contains(" package").contains("-DskipTests").doesNotContain(" install"));
    build.runs().stream().filter(r -> r.contains(" -pl ")).forEach(r -> assertThat(r).contains("-pl cli").contains("-am"));
    assertThat(file.finalStage().image()).startsWith("eclipse-temurin:21-jre");
  }

  @Test
  void copiesExactlyTheCliJarAndItsRuntimeDependencies() {
    assertThat(copiedFromBuild(dockerfile()).keySet())
        .containsExactlyInAnyOrder(cliJar(), Repo.copyDependenciesDirectory("cli"));
    List<String> launcher = DeployFacts.launcherClasspath();
    assertThat(launcher).as("the launcher's class path is the same two pieces")
        .anySatisfy(e -> assertThat(e).endsWith("/" + Repo.copyDependenciesDirectory("cli") + "/*"));
    assertThat(Repo.read(Repo.path("jobpipe"))).contains("cli/target/" + Repo.artifactId("cli/pom.xml") + "-*.jar");
  }

  @Test
  void copiedArtifactsExistAfterThePackageBuild() throws IOException {
    Path jar = Repo.path(cliJar());
    assumeTrue(Files.isRegularFile(jar), cliJar() + " is not built (run mvn package or verify)");
    Path lib = Repo.path(Repo.copyDependenciesDirectory("cli"));
    assertThat(lib).as("runtime dependencies are copied at package").isDirectory();
    try (Stream<Path> jars = Files.list(lib)) {
      assertThat(jars.map(p -> p.getFileName().toString()))
          .anySatisfy(n -> assertThat(n).startsWith("picocli-"))
          .anySatisfy(n -> assertThat(n).startsWith("kafka-clients-"))
          .anySatisfy(n -> assertThat(n).startsWith("observability-"));
    }
    try (JarFile cli = new JarFile(jar.toFile())) {
      String entry = DeployFacts.launcherMainClass().replace('.', '/') + ".class";
      assertThat(cli.getEntry(entry)).as(entry + " in " + jar.getFileName()).isNotNull();
    }
  }

  @Test
  void entrypointStartsTheLauncherMainClassOnTheCopiedClassPath() throws Exception {
    Dockerfile file = dockerfile();
    List<List<String>> entrypoints = file.finalStage().entrypoints();
    assertThat(entrypoints).as("one exec-form ENTRYPOINT").hasSize(1);
    List<String> entrypoint = entrypoints.get(0);
    assertThat(entrypoint).hasSize(4);
    assertThat(entrypoint.subList(0, 2)).containsExactly("java", "-cp");
    String mainClass = entrypoint.get(3);
    assertThat(mainClass).isEqualTo(DeployFacts.launcherMainClass());
    Method main = Class.forName(mainClass).getMethod("main", String[].class);
    assertThat(Modifier.isStatic(main.getModifiers())).isTrue();

    java.util.Map<String, String> copied = copiedFromBuild(file);
    String jarInImage = copied.get(cliJar());
    String libInImage = strip(copied.get(Repo.copyDependenciesDirectory("cli")));
    assertThat(List.of(entrypoint.get(2).split(":"))).containsExactly(jarInImage, libInImage + "/*");
  }

  @Test
  void runsAsANonRootUserAndExposesTheMetricsPortOfComposeAndKubernetes() {
    String uid = runtimeUser();
    assertThat(uid).matches("[0-9]+").isNotEqualTo("0");
    Set<Integer> ports = new TreeSet<>();
    ports.addAll(KubernetesManifestsTest.metricsPorts());
    ports.addAll(ComposeFileTest.metricsPorts());
    assertThat(ports).as("one metrics port everywhere").hasSize(1);
    assertThat(dockerfile().finalStage().exposes()).containsExactly(String.valueOf(ports.iterator().next()));
  }

  @Test
  void dockerignoreKeepsLocalBuildOutputOutOfTheContext() {
    List<String> ignored = Repo.read(Repo.path(DOCKERFILE + ".dockerignore")).lines()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    assertThat(ignored).contains("**/target", ".git");
  }

  @Test
  void parserReadsContinuationsAndRejectsShellFormEntrypoints() {
    Dockerfile parsed = Dockerfile.parse("""
        # syntax=docker/dockerfile:1
        FROM a AS build
        WORKDIR /src
        COPY . .
        RUN mvn \\
        # a comment inside the continuation
          package
        FROM b
        COPY --from=build --chown=1:1 /src/x /src/y /dest/
        USER 7
        ENTRYPOINT ["java", "Main"]
        """);
    assertThat(parsed.stage("build").runs()).containsExactly("mvn package");
    assertThat(parsed.finalStage().copies().get(0))
        .isEqualTo(new Dockerfile.Copy("build", List.of("/src/x", "/src/y"), "/dest/"));
    assertThat(parsed.finalStage().entrypoints()).containsExactly(List.of("java", "Main"));
    assertThatThrownBy(() -> Dockerfile.parse("FROM a\nENTRYPOINT java Main\n"))
        .hasMessageContaining("exec (JSON array) form");
    assertThatThrownBy(() -> Dockerfile.parse("RUN x\n")).hasMessageContaining("before FROM");
  }
}
