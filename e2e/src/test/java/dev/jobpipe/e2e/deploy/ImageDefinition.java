package dev.jobpipe.e2e.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the jobpipe image is, as the two files that build it say: the Jib configuration of the
 * distribution module ({@link #jib()}) and deploy/docker/Dockerfile ({@link #dockerfile()}). No
 * image is built here (no registry, no engine): the checks compare these facts with each other, with
 * the distribution archive and with the CLI.
 *
 * @param base the base image
 * @param entrypoint the exec-form entry point
 * @param workdir the working directory
 * @param user {@code UID[:GID]} the container runs as
 * @param env the environment the image sets
 * @param ports the exposed ports
 * @param home where the unpacked distribution lies in the image
 */
record ImageDefinition(String base, List<String> entrypoint, String workdir, String user, Map<String, String> env,
    List<String> ports, String home) {

  static final String DISTRIBUTION_POM = "distribution/pom.xml";
  static final String DOCKERFILE = "deploy/docker/Dockerfile";
  private static final String JIB = "jib-maven-plugin";
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  /** The uid alone. */
  String uid() {
    return user.split(":")[0];
  }

  /** The image the distribution module's jib-maven-plugin builds. */
  static ImageDefinition jib() {
    return jib(Repo.pom(DISTRIBUTION_POM).getDocumentElement());
  }

  static ImageDefinition jib(Element project) {
    Element config = jibConfiguration(project);
    Element container = required(config, "container");
    Map<String, String> env = new LinkedHashMap<>();
    Repo.child(container, "environment").ifPresent(e -> children(e).forEach(v -> env.put(v.getTagName(), text(project, v))));
    List<String> ports = Repo.child(container, "ports").map(p -> children(p).stream().map(e -> text(project, e)).toList())
        .orElse(List.of());
    Element paths = required(required(config, "extraDirectories"), "paths");
    List<Element> into = children(paths).stream().map(p -> required(p, "into")).toList();
    if (into.size() != 1) {
      throw new IllegalStateException(DISTRIBUTION_POM + ": Jib must add exactly one directory (the distribution), adds " + into.size());
    }
    return new ImageDefinition(text(project, required(required(config, "from"), "image")),
        children(required(container, "entrypoint")).stream().map(e -> text(project, e)).toList(),
        text(project, required(container, "workingDirectory")), text(project, required(container, "user")),
        env, ports, text(project, into.get(0)));
  }

  /** The name Jib gives the image ({@code to.image}): what compose and Kubernetes run. */
  static String jibName() {
    Element project = Repo.pom(DISTRIBUTION_POM).getDocumentElement();
    return text(project, required(required(jibConfiguration(project), "to"), "image"));
  }

  /** Where Jib takes the distribution tree from, with the module's properties resolved. */
  static String jibDistributionSource() {
    Element project = Repo.pom(DISTRIBUTION_POM).getDocumentElement();
    Element path = children(required(required(jibConfiguration(project), "extraDirectories"), "paths")).get(0);
    return text(project, required(path, "from"));
  }

  /** The image deploy/docker/Dockerfile's final stage builds. */
  static ImageDefinition dockerfile() {
    return dockerfile(Dockerfile.parse(Repo.read(Repo.path(DOCKERFILE))));
  }

  static ImageDefinition dockerfile(Dockerfile file) {
    Dockerfile.Stage last = file.finalStage();
    List<Dockerfile.Copy> copies = last.copies();
    if (copies.size() != 1 || copies.get(0).from() == null) {
      throw new IllegalStateException(DOCKERFILE + ": the final stage must copy one tree (the distribution) from a build stage: " + copies);
    }
    if (last.entrypoints().size() != 1 || last.users().isEmpty()) {
      throw new IllegalStateException(DOCKERFILE + ": the final stage needs one ENTRYPOINT and a USER");
    }
    String home = copies.get(0).destination();
    return new ImageDefinition(last.image(), last.entrypoints().get(0), last.workdir(), last.users().get(last.users().size() - 1),
        last.env(), last.exposes(), home.endsWith("/") ? home.substring(0, home.length() - 1) : home);
  }

  private static Element jibConfiguration(Element project) {
    NodeList plugins = project.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if (Repo.childText(plugin, "artifactId").filter(JIB::equals).isPresent()) {
        return required(plugin, "configuration");
      }
    }
    throw new IllegalStateException(DISTRIBUTION_POM + " has no " + JIB + " plugin");
  }

  private static Element required(Element parent, String name) {
    return Repo.child(parent, name).orElseThrow(() -> new IllegalStateException(
        DISTRIBUTION_POM + ": " + JIB + " configuration: <" + parent.getTagName() + "> has no <" + name + ">"));
  }

  private static List<Element> children(Element parent) {
    List<Element> children = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        children.add(e);
      }
    }
    return children;
  }

  /** An element's text with ${...} resolved from the module's and the root pom's properties (project.* as Maven does). */
  private static String text(Element project, Element e) {
    String value = e.getTextContent().strip();
    Matcher m = PROPERTY.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(text(project, property(project, m.group(1)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String text(Element project, String value) {
    Element holder = project.getOwnerDocument().createElement("v");
    holder.setTextContent(value);
    return text(project, holder);
  }

  private static String property(Element project, String name) {
    return switch (name) {
      case "project.version" -> Repo.projectVersion();
      case "project.build.directory" -> "distribution/target";
      default -> Repo.child(project, "properties").flatMap(p -> Repo.childText(p, name))
          .orElseGet(() -> Repo.rootProperty(name));
    };
  }
}
