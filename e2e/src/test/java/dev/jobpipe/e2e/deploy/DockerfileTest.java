package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker/Dockerfile builds the distribution archive from the checkout and unpacks it as the
 * image, naming no version or jar (the archive's name and top directory carry the version). What the
 * image is (entry point, user, paths, environment) is checked against Jib's twin by
 * {@link ImageDefinitionTest}. No Docker engine here: the file is parsed, not built.
 */
class DockerfileTest {

  static Dockerfile dockerfile() {
    return Dockerfile.parse(Repo.read(Repo.path(ImageDefinition.DOCKERFILE)));
  }

  @Test
  void buildStagePackagesTheDistributionAndUnpacksItWithoutItsVersionedDirectory() {
    Dockerfile file = dockerfile();
    assertThat(file.stages()).hasSizeGreaterThanOrEqualTo(2);
    Dockerfile.Copy copy = file.finalStage().copies().get(0);
    Dockerfile.Stage build = file.stage(copy.from());
    assertThat(build.copies()).anySatisfy(c -> assertThat(c.sources()).containsExactly("."));
    String distribution = Repo.artifactId(ImageDefinition.DISTRIBUTION_POM);
    assertThat(build.runs()).anySatisfy(run -> assertThat(run)
        .contains("mvn").contains(" package").contains("-DskipTests").contains("-pl distribution -am")
        .doesNotContain(" install")
        // the archive the assembly writes, unpacked without its top directory into what the final stage copies
        .contains("tar -xzf distribution/target/" + distribution + "-*.tar.gz -C " + copy.sources().get(0).replaceAll("/$", ""))
        .contains("--strip-components=1"));
    assertThat(copy.sources()).hasSize(1);
  }

  @Test
  void namesNoVersionAndNoJar() {
    String version = Repo.projectVersion();
    Dockerfile file = dockerfile();
    for (Dockerfile.Stage stage : file.stages()) {
      List<String> text = new java.util.ArrayList<>(stage.runs());
      stage.copies().forEach(c -> text.add(c.sources() + " " + c.destination()));
      stage.entrypoints().forEach(e -> text.add(String.join(" ", e)));
      assertThat(text).as("stage " + stage.image()).noneMatch(t -> t.contains(version)).noneMatch(t -> t.contains(".jar"));
    }
  }

  @Test
  void dockerignoreKeepsLocalBuildOutputOutOfTheContext() {
    List<String> ignored = Repo.read(Repo.path(ImageDefinition.DOCKERFILE + ".dockerignore")).lines()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    assertThat(ignored).contains("**/target", ".git");
  }

  @Test
  void parserReadsContinuationsAndEnvAndRejectsShellFormEntrypoints() {
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
        ENV A="x -y" B=z
        USER 7
        ENTRYPOINT ["java", "Main"]
        """);
    assertThat(parsed.stage("build").runs()).containsExactly("mvn package");
    assertThat(parsed.finalStage().copies().get(0))
        .isEqualTo(new Dockerfile.Copy("build", List.of("/src/x", "/src/y"), "/dest/"));
    assertThat(parsed.finalStage().env()).isEqualTo(Map.of("A", "x -y", "B", "z"));
    assertThat(parsed.finalStage().entrypoints()).containsExactly(List.of("java", "Main"));
    assertThatThrownBy(() -> Dockerfile.parse("FROM a\nENTRYPOINT java Main\n"))
        .hasMessageContaining("exec (JSON array) form");
    assertThatThrownBy(() -> Dockerfile.parse("FROM a\nENV A b\n")).hasMessageContaining("ENV KEY=VALUE form");
    assertThatThrownBy(() -> Dockerfile.parse("RUN x\n")).hasMessageContaining("before FROM");
  }
}
