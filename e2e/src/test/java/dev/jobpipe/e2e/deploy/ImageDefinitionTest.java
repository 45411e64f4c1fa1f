package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jobpipe.cli.Jobpipe;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The jobpipe image, checked offline (no registry, no Docker engine here): Jib's configuration and
 * the Dockerfile define the same image, and what they say holds against the distribution archive
 * (the entry point is its executable launcher, handlers/ is on the launcher's class path), the
 * launcher (every variable the image sets is one it reads), the JVM (the options start a JVM) and the
 * CLI (worker and router serve the exposed port with --metrics-port).
 */
class ImageDefinitionTest {

  private static final Pattern LAUNCHER_VARIABLE = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)");
  private static final Pattern LAUNCHER_ASSIGNMENT = Pattern.compile("(?m)^\\s*(?:local\\s+|export\\s+)?([A-Z][A-Z0-9_]*)=");
  private static final String LAUNCHER = "bin/jobpipe";

  /** The image the checks and the deployment files follow (Jib's; the Dockerfile must agree). */
  static ImageDefinition image() {
    return ImageDefinition.jib();
  }

  /** The uid the image runs as, which Kubernetes' runAsUser must repeat. */
  static String runtimeUser() {
    return image().uid();
  }

  /** The environment variables bin/jobpipe reads: referenced there and never assigned. */
  static Set<String> launcherEnvironment() {
    String launcher = Repo.read(Repo.path("distribution/src/dist/" + LAUNCHER));
    Set<String> read = new TreeSet<>();
    Matcher used = LAUNCHER_VARIABLE.matcher(launcher.replaceAll("(?m)^\\s*#.*$", ""));
    while (used.find()) {
      read.add(used.group(1));
    }
    Matcher assigned = LAUNCHER_ASSIGNMENT.matcher(launcher);
    while (assigned.find()) {
      read.remove(assigned.group(1));
    }
    return read;
  }

  /** Entries of the built archive, without its top directory, to their {@code tar -tv} mode string. */
  private static Map<String, String> archiveEntries() {
    String version = Repo.projectVersion();
    String name = Repo.artifactId(ImageDefinition.DISTRIBUTION_POM) + "-" + version;
    Path archive = Repo.path("distribution/target/" + name + ".tar.gz");
    assumeTrue(Files.isRegularFile(archive), archive + " is not built (mvn package -pl distribution -am)");
    Map<String, String> entries = new TreeMap<>();
    for (String line : Repo.run(List.of("tar", "-tvzf", archive.toString())).split("\n")) {
      String[] words = line.strip().split("\\s+");
      String path = words[words.length - 1];
      assertThat(path).as("archive entry under its top directory").startsWith(name + "/");
      entries.put(path.substring(name.length() + 1).replaceAll("/$", ""), words[0]);
    }
    return entries;
  }

  @Test
  void jibAndTheDockerfileBuildTheSameImage() {
    ImageDefinition jib = ImageDefinition.jib();
    ImageDefinition docker = ImageDefinition.dockerfile();
    assertThat(docker).as("deploy/docker/Dockerfile against distribution/pom.xml's Jib configuration").isEqualTo(jib);
    assertThat(jib.base()).startsWith("eclipse-temurin:21-jre");
  }

  @Test
  void jibTakesTheTreeTheAssemblyUnpacksWhichIsTheArchivesContent() throws Exception {
    String name = Repo.artifactId(ImageDefinition.DISTRIBUTION_POM) + "-" + Repo.projectVersion();
    assertThat(ImageDefinition.jibDistributionSource()).isEqualTo("distribution/target/" + name + "/" + name);
    Path tree = Repo.path(ImageDefinition.jibDistributionSource());
    Map<String, String> archive = archiveEntries();
    assertThat(tree).as("the assembly's dir format (Jib's source) is built with the archive").isDirectory();
    List<String> archiveFiles = archive.entrySet().stream().filter(e -> e.getValue().startsWith("-")).map(Map.Entry::getKey).toList();
    try (var files = Files.walk(tree)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> tree.relativize(p).toString()).toList())
          .as("the files of the unpacked tree Jib copies are the archive's").containsExactlyInAnyOrderElementsOf(archiveFiles);
    }
    assertThat(Files.isExecutable(tree.resolve(LAUNCHER))).as("Jib's copy of " + LAUNCHER + " is executable").isTrue();
  }

  @Test
  void theEntrypointIsTheArchivesExecutableLauncherWhichPutsHandlersOnTheClassPath() {
    ImageDefinition image = image();
    assertThat(image.entrypoint()).containsExactly(image.home() + "/" + LAUNCHER);
    assertThat(image.workdir()).isEqualTo(image.home());
    Map<String, String> archive = archiveEntries();
    assertThat(archive.get(LAUNCHER)).as(LAUNCHER + " in the archive, executable by everyone (the image user is not its owner)")
        .isNotNull().matches("-rwxr-xr-x");
    assertThat(archive.get("handlers")).as("handlers/ in the archive").startsWith("d");
    assertThat(archive.keySet()).anyMatch(e -> e.startsWith("lib/cli-") && e.endsWith(".jar"));
    // Jib keeps the mode only if told: the same 755 as the archive
    assertThat(Repo.read(Repo.path(ImageDefinition.DISTRIBUTION_POM)))
        .contains("<file>" + image.home() + "/" + LAUNCHER + "</file><mode>755</mode>");

    String launcher = Repo.read(Repo.path("distribution/src/dist/" + LAUNCHER));
    assertThat(launcher).contains("JOBPIPE_HOME=\"$(cd \"$(dirname \"$(readlink -f \"${BASH_SOURCE[0]}\")\")/.." )
        .containsPattern("CLASSPATH=\"\\$JOBPIPE_HOME/lib/\\*:\\$JOBPIPE_HOME/handlers/\\*");
    assertThat(Repo.read(Repo.path("distribution/src/dist/handlers/README.md")))
        .as("handlers/README.md names the image's handler directory").contains(image.home() + "/handlers");
  }

  @Test
  void runsAsANonRootUserThatTheDockerfileCreates() {
    ImageDefinition image = image();
    assertThat(image.user()).matches("[0-9]+:[0-9]+");
    assertThat(image.uid()).isNotEqualTo("0");
    String gid = image.user().split(":")[1];
    assertThat(gid).isNotEqualTo("0");
    assertThat(DockerfileTest.dockerfile().finalStage().runs()).anySatisfy(run -> assertThat(run)
        .contains("groupadd --system --gid " + gid).contains("useradd --system --uid " + image.uid()));
  }

  @Test
  void theEnvironmentIsReadByTheLauncherAndItsJvmOptionsAreContainerAwareAndStartAJvm() throws Exception {
    ImageDefinition image = image();
    Set<String> launcher = launcherEnvironment();
    assertThat(launcher).contains("JOBPIPE_JAVA_OPTS", "JOBPIPE_CLASSPATH", "JAVA_HOME").doesNotContain("JOBPIPE_HOME", "CLASSPATH");
    assertThat(image.env().keySet()).as("the image sets only variables the launcher or the CLI reads")
        .allMatch(k -> launcher.contains(k) || DeployFacts.connectionEnv().containsValue(k));
    String options = image.env().get("JOBPIPE_JAVA_OPTS");
    assertThat(options).as("heap sized from the container's memory limit, exit on OutOfMemoryError")
        .contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError").doesNotContain("-Xmx");
    List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    java.addAll(List.of(options.split("\\s+")));
    java.add("-version");
    Repo.run(java); // a misspelt -XX option makes the JVM refuse to start: exit 1
  }

  @Test
  void exposesTheMetricsPortThatComposeAndKubernetesPassToWorkerAndRouter() {
    Set<Integer> ports = new TreeSet<>();
    ports.addAll(KubernetesManifestsTest.metricsPorts());
    ports.addAll(ComposeFileTest.metricsPorts());
    assertThat(ports).as("one metrics port everywhere").hasSize(1);
    assertThat(image().ports()).containsExactly(String.valueOf(ports.iterator().next()));
    CommandLine cli = Jobpipe.newCommandLine();
    for (String verb : List.of("worker", "router")) {
      assertThat(cli.getSubcommands().get(verb).getCommandSpec().findOption("--metrics-port"))
          .as("jobpipe " + verb + " --metrics-port").isNotNull();
    }
  }

  @Test
  void theExampleWorkerImageAddsItsJarToTheHandlersAndRunsAWorkerTheCliAccepts() {
    String example = "examples/plain-java";
    Dockerfile file = Dockerfile.parse(Repo.read(Repo.path(example + "/Dockerfile")));
    Dockerfile.Stage stage = file.finalStage();
    assertThat(file.stages()).hasSize(1);
    assertThat(stage.image()).isEqualTo(ImageDefinition.jibName());
    String jar = "target/" + Repo.artifactId(example + "/pom.xml") + "-" + Repo.childText(
        Repo.pom(example + "/pom.xml").getDocumentElement(), "version").orElseThrow() + ".jar";
    assertThat(stage.copies()).containsExactly(new Dockerfile.Copy(null, List.of(jar), image().home() + "/handlers/"));
    assertThat(stage.entrypoints()).as("the jobpipe image's entry point stays").isEmpty();
    assertThat(stage.cmds()).hasSize(1);
    List<String> args = stage.cmds().get(0);
    assertThat(args.get(0)).isEqualTo("worker");
    // throws on an option the CLI does not have, or a value it refuses
    CommandLine.ParseResult worker = Jobpipe.newCommandLine().parseArgs(args.toArray(String[]::new)).subcommand();
    assertThat(worker.commandSpec().name()).isEqualTo("worker");
    String handler = worker.matchedOptionValue("--handler", "");
    Path source = Repo.path(example + "/src/main/java/" + handler.replace('.', '/') + ".java");
    assertThat(source).as("--handler names a class of the example").isRegularFile();
    assertThat(Repo.read(source)).as("jobpipe worker --handler needs a public no-argument constructor")
        .contains("public " + handler.substring(handler.lastIndexOf('.') + 1) + "() {");
    assertThat(String.valueOf((Object) worker.matchedOption("--metrics-port").getValue())).isEqualTo(image().ports().get(0));
    String type = worker.matchedOptionValue("--type", "");
    assertThat(Repo.read(Repo.path(example + "/src/main/java/com/example/signup/SignupService.java")))
        .as("--type is the job type the example publishes").contains("WELCOME = \"" + type + "\";");
  }

  @Test
  void theImageNameCarriesTheProjectVersion() {
    assertThat(ImageDefinition.jibName()).isEqualTo("jobpipe:" + Repo.projectVersion()).isEqualTo(DeployFacts.image());
  }

  @Test
  void aJibConfigurationWithoutItsPiecesIsRefusedNamingWhatIsMissing() throws Exception {
    String pom = """
        <project><properties><from>eclipse-temurin:21-jre</from></properties><build><plugins><plugin>
          <artifactId>jib-maven-plugin</artifactId>
          <configuration>
            <from><image>${from}</image></from>
            <container><entrypoint><arg>/x/bin/jobpipe</arg></entrypoint><workingDirectory>/x</workingDirectory>
              <user>1:1</user><environment><A>b</A></environment><ports><port>1</port></ports></container>
            %s
          </configuration></plugin></plugins></build></project>
        """;
    var parsed = ImageDefinition.jib(parse(pom.formatted(
        "<extraDirectories><paths><path><from>d</from><into>/x</into></path></paths></extraDirectories>")));
    assertThat(parsed).isEqualTo(new ImageDefinition("eclipse-temurin:21-jre", List.of("/x/bin/jobpipe"), "/x", "1:1",
        Map.of("A", "b"), List.of("1"), "/x"));
    assertThatThrownBy(() -> ImageDefinition.jib(parse(pom.formatted(""))))
        .hasMessage("distribution/pom.xml: jib-maven-plugin configuration: <configuration> has no <extraDirectories>");
    assertThatThrownBy(() -> ImageDefinition.jib(parse(pom.formatted(
        "<extraDirectories><paths><path><into>/x</into></path><path><into>/y</into></path></paths></extraDirectories>"))))
        .hasMessageContaining("exactly one directory");
    assertThatThrownBy(() -> ImageDefinition.jib(parse("<project/>"))).hasMessageContaining("has no jib-maven-plugin");
  }

  private static org.w3c.dom.Element parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
  }
}
