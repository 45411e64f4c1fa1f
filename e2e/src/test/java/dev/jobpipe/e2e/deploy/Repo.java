package dev.jobpipe.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The checked-out repository the deployment files live in, and the readers the checks share: YAML
 * (one or many documents), JSON, and the few facts of the Maven build that the files must agree
 * with (the project version, the CLI artifact, dependency versions).
 */
final class Repo {

  static final ObjectMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new ObjectMapper();

  private Repo() {}

  /** The repository root: {@code -Djobpipe.repo.dir} (set by the e2e pom), else the parent of the working directory. */
  static Path root() {
    String configured = System.getProperty("jobpipe.repo.dir");
    Path root = (configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent())
        .toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("deploy"))) {
      throw new IllegalStateException("not the jobpipe repository root: " + root);
    }
    return root;
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  /** Every non-empty document of a YAML stream ({@code ---} separated). */
  static List<JsonNode> yamlDocuments(String text, String origin) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class)
        .readValues(new YAMLFactory().createParser(text))) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
          documents.add(doc);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot parse " + origin + ": " + e.getMessage(), e);
    }
    return documents;
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  /** The project version of the root pom ({@code 0.1.0-SNAPSHOT}), which every module inherits. */
  static String projectVersion() {
    return childText(pom("pom.xml").getDocumentElement(), "version")
        .orElseThrow(() -> new IllegalStateException("root pom has no version"));
  }

  /** A {@code <properties>} entry of the root pom, e.g. {@code kafka.version}. */
  static String rootProperty(String name) {
    Element root = pom("pom.xml").getDocumentElement();
    Element properties = child(root, "properties").orElseThrow();
    return childText(properties, name)
        .orElseThrow(() -> new IllegalStateException("root pom has no property " + name));
  }

  /** The artifactId of a module's pom, e.g. {@code cli} for {@code cli/pom.xml}. */
  static String artifactId(String pomPath) {
    return childText(pom(pomPath).getDocumentElement(), "artifactId").orElseThrow();
  }

  /**
   * Where a module's {@code maven-dependency-plugin:copy-dependencies} puts the runtime class path,
   * relative to the repository root, e.g. {@code cli/target/lib}.
   */
  static String copyDependenciesDirectory(String module) {
    Document pom = pom(module + "/pom.xml");
    var executions = pom.getElementsByTagName("execution");
    for (int i = 0; i < executions.getLength(); i++) {
      Element execution = (Element) executions.item(i);
      if (execution.getTextContent().contains("copy-dependencies")) {
        String dir = child(execution, "configuration").flatMap(c -> childText(c, "outputDirectory"))
            .orElseThrow(() -> new IllegalStateException(module + "/pom.xml: copy-dependencies without outputDirectory"));
        Matcher m = Pattern.compile("\\$\\{project\\.build\\.directory}/(.+)").matcher(dir);
        if (!m.matches()) {
          throw new IllegalStateException(module + "/pom.xml: unexpected outputDirectory " + dir);
        }
        return module + "/target/" + m.group(1);
      }
    }
    throw new IllegalStateException(module + "/pom.xml has no copy-dependencies execution");
  }

  static Document pom(String relative) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(false);
      return factory.newDocumentBuilder().parse(path(relative).toFile());
    } catch (Exception e) {
      throw new IllegalStateException("cannot parse " + relative + ": " + e.getMessage(), e);
    }
  }

  static Optional<Element> child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  static Optional<String> childText(Element parent, String name) {
    return child(parent, name).map(e -> e.getTextContent().trim());
  }

  /** Whether an executable of that name is on the PATH (for the optional promtool/kustomize checks). */
  /**
   * The executable {@code tool} from PATH. When it is missing the calling test is skipped with a
   * message, unless the build requires it ({@code -Djobpipe.require.tools=promtool,kustomize}, as
   * {@code .ci/run} passes for what it installed): then the test fails saying how to install it.
   */
  static Path tool(String tool, String... alternatives) {
    List<String> names = new java.util.ArrayList<>(List.of(tool));
    names.addAll(List.of(alternatives));
    for (String name : names) {
      Optional<Path> found = onPath(name);
      if (found.isPresent()) {
        return found.get();
      }
    }
    String message = String.join(" or ", names) + " is not on PATH";
    boolean required = java.util.Arrays.asList(System.getProperty("jobpipe.require.tools", "").split(","))
        .contains(tool);
    if (required) {
      throw new AssertionError(message + ", and this build requires it (jobpipe.require.tools)");
    }
    org.junit.jupiter.api.Assumptions.abort(message + "; the check is skipped (required in CI)");
    throw new IllegalStateException("unreachable");
  }

  static Optional<Path> onPath(String executable) {
    String pathVar = System.getenv("PATH");
    if (pathVar == null) {
      return Optional.empty();
    }
    for (String dir : pathVar.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, executable);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Runs a command in the repository root and returns its stdout; fails with its stderr on a non-zero exit. */
  static String run(List<String> command) {
    try {
      Path err = Files.createTempFile("jobpipe-cmd", ".err");
      try {
        Process process = new ProcessBuilder(command).directory(root().toFile())
            .redirectError(err.toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        if (exit != 0) {
          throw new AssertionError(String.join(" ", command) + " exited " + exit + ":\n" + Files.readString(err) + out);
        }
        return out;
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
