package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a user's build gets: the BOM lists every library artifact of the reactor and nothing else,
 * BOM and parent carry the same project URL, licence and SCM (the BOM has no parent, so it repeats
 * them), and every library module that was packaged has its sources jar next to its jar.
 */
class ArtifactsTest {

  /** The design's library artifacts (DESIGN.md "Artifacts"), which must be importable through the BOM. */
  private static final List<String> LIBRARIES = List.of("job-schemas", "job-producer", "job-consumer", "retry-router",
      "dlq-inspector", "scheduler", "ledger", "jobpipe-test", "jobpipe-spring-boot-starter");
  /** Library-shaped modules that are not for users: the demo's example payloads and handlers. */
  private static final Set<String> NOT_PUBLISHED = Set.of("example-jobs");

  private static List<String> modules() {
    List<String> modules = new ArrayList<>();
    NodeList list = Repo.pom("pom.xml").getDocumentElement().getElementsByTagName("module");
    for (int i = 0; i < list.getLength(); i++) {
      modules.add(list.item(i).getTextContent().strip());
    }
    return modules;
  }

  /** Modules whose jar is a library (not runnable, not a pom). */
  private static List<String> libraryModules() {
    return modules().stream().filter(m -> {
      Element project = Repo.pom(m + "/pom.xml").getDocumentElement();
      boolean runnable = Repo.child(project, "properties").flatMap(p -> Repo.childText(p, "jobpipe.runnable"))
          .map(Boolean::parseBoolean).orElse(false);
      return !runnable && Repo.childText(project, "packaging").orElse("jar").equals("jar");
    }).toList();
  }

  private static Set<String> bomArtifacts() {
    Set<String> listed = new TreeSet<>();
    NodeList deps = Repo.pom("jobpipe-bom/pom.xml").getDocumentElement().getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element dep = (Element) deps.item(i);
      assertThat(Repo.childText(dep, "groupId")).as("BOM lists jobpipe's artifacts only").contains("dev.jobpipe");
      assertThat(Repo.childText(dep, "version")).as("BOM entry versions").contains("${project.version}");
      listed.add(Repo.childText(dep, "artifactId").orElseThrow());
    }
    return listed;
  }

  @Test
  void theBomListsEveryLibraryOfTheReactorAndOnlyModulesOfIt() {
    Set<String> bom = bomArtifacts();
    assertThat(bom).containsAll(LIBRARIES);
    Set<String> artifactIds = new TreeSet<>();
    modules().forEach(m -> artifactIds.add(Repo.artifactId(m + "/pom.xml")));
    assertThat(artifactIds).as("every BOM entry is built here").containsAll(bom);
    libraryModules().stream().filter(m -> !NOT_PUBLISHED.contains(m)).map(m -> Repo.artifactId(m + "/pom.xml"))
        .forEach(a -> assertThat(bom).as("library module " + a + " in the BOM").contains(a));
    assertThat(bom).doesNotContainAnyElementsOf(NOT_PUBLISHED);
  }

  @Test
  void bomAndParentCarryTheSameUrlLicenceAndScm() {
    Element parent = Repo.pom("pom.xml").getDocumentElement();
    Element bom = Repo.pom("jobpipe-bom/pom.xml").getDocumentElement();
    assertThat(metadata(bom)).isEqualTo(metadata(parent));
    Map<String, String> scm = metadata(parent);
    assertThat(scm.get("licenses")).contains("Apache License, Version 2.0");
    String url = scm.get("scm/url");
    assertThat(url).startsWith("https://");
    assertThat(scm.get("scm/connection")).isEqualTo("scm:git:" + url + ".git");
    assertThat(scm.get("scm/developerConnection")).isEqualTo("scm:git:" + url + ".git");
    assertThat(Repo.read(Repo.path("LICENSE"))).contains("Apache License").contains("Version 2.0");
  }

  private static Map<String, String> metadata(Element project) {
    Map<String, String> m = new TreeMap<>();
    m.put("url", Repo.childText(project, "url").orElse(null));
    m.put("licenses", Repo.childText(project, "licenses").map(t -> t.replaceAll("\\s+", " ")).orElse(null));
    Element scm = Repo.child(project, "scm").orElseThrow(() -> new AssertionError(project.getTagName() + " has no <scm>"));
    for (String key : List.of("connection", "developerConnection", "url")) {
      m.put("scm/" + key, Repo.childText(scm, key).orElse(null));
    }
    return m;
  }

  @Test
  void everyPackagedLibraryHasItsSourcesJar() {
    String version = Repo.projectVersion();
    List<String> checked = new ArrayList<>();
    for (String module : libraryModules().stream().filter(m -> !NOT_PUBLISHED.contains(m)).toList()) {
      String name = Repo.artifactId(module + "/pom.xml") + "-" + version;
      Path jar = Repo.path(module + "/target/" + name + ".jar");
      if (Files.isRegularFile(jar)) {
        assertThat(Repo.path(module + "/target/" + name + "-sources.jar")).as("sources jar of " + module).isRegularFile();
        checked.add(module);
      }
    }
    // e2e comes after them in the reactor: mvn package/verify has packaged them (mvn test has not)
    assumeTrue(!checked.isEmpty(), "no library module is packaged (run mvn package or verify)");
  }
}
