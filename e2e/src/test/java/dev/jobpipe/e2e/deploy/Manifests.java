package dev.jobpipe.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading rendered Kubernetes objects: containers, their expanded arguments, label selection. */
final class Manifests {

  private static final Pattern VAR_REF = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private Manifests() {}

  /** The kustomization rendered by a real kustomize binary, when one is on the PATH. */
  static Optional<List<JsonNode>> kustomizeBinary(Path dir) {
    Optional<Path> kustomize = Repo.onPath("kustomize");
    List<String> command;
    if (kustomize.isPresent()) {
      command = List.of(kustomize.get().toString(), "build", dir.toString());
    } else {
      Optional<Path> kubectl = Repo.onPath("kubectl");
      if (kubectl.isEmpty()) {
        return Optional.empty();
      }
      command = List.of(kubectl.get().toString(), "kustomize", dir.toString());
    }
    return Optional.of(Repo.yamlDocuments(Repo.run(command), String.join(" ", command)));
  }

  static List<JsonNode> ofKind(List<? extends JsonNode> resources, String kind) {
    return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).map(r -> (JsonNode) r).toList();
  }

  static String name(JsonNode resource) {
    return resource.path("metadata").path("name").asText();
  }

  static String namespace(JsonNode resource) {
    return resource.path("metadata").path("namespace").asText();
  }

  static String describe(JsonNode resource) {
    return resource.path("kind").asText() + " " + namespace(resource) + "/" + name(resource);
  }

  /** The pod spec of a Deployment or Job. */
  static JsonNode podSpec(JsonNode workload) {
    return workload.path("spec").path("template").path("spec");
  }

  static List<JsonNode> containers(JsonNode workload) {
    List<JsonNode> out = new ArrayList<>();
    podSpec(workload).path("initContainers").forEach(out::add);
    podSpec(workload).path("containers").forEach(out::add);
    return out;
  }

  /** Literal env values of a container ({@code value:}, not valueFrom), in order. */
  static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode e : container.path("env")) {
      if (e.has("value")) {
        env.put(e.path("name").asText(), e.path("value").asText());
      }
    }
    return env;
  }

  /**
   * The container's arguments as Kubernetes passes them: {@code $(VAR)} replaced by the container's
   * env value ({@code <metadata.name>} for one taken from a pod field), {@code $$} by {@code $}.
   * Throws when a reference has no value, since Kubernetes would then pass the text {@code $(VAR)}
   * to the program.
   */
  static List<String> args(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>(env(container));
    for (JsonNode e : container.path("env")) {
      String field = e.path("valueFrom").path("fieldRef").path("fieldPath").asText();
      if (!field.isEmpty()) {
        env.put(e.path("name").asText(), "<" + field + ">");
      }
    }
    List<String> out = new ArrayList<>();
    for (JsonNode arg : container.path("args")) {
      Matcher m = VAR_REF.matcher(arg.asText());
      StringBuilder expanded = new StringBuilder();
      while (m.find()) {
        String replacement;
        if (m.group().equals("$$")) {
          replacement = "$";
        } else if (env.containsKey(m.group(1))) {
          replacement = env.get(m.group(1));
        } else {
          throw new IllegalStateException("container " + container.path("name").asText() + ": $(" + m.group(1)
              + ") has no env value, Kubernetes would pass it literally");
        }
        m.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(expanded);
      out.add(expanded.toString());
    }
    return out;
  }

  /** The value following {@code option} in an argument list. */
  static Optional<String> option(List<String> args, String option) {
    int i = args.indexOf(option);
    return i >= 0 && i + 1 < args.size() ? Optional.of(args.get(i + 1)) : Optional.empty();
  }

  static Map<String, String> labels(JsonNode labelMap) {
    Map<String, String> labels = new HashMap<>();
    labelMap.fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
    return labels;
  }

  /** Whether a matchLabels-style selector (non-empty) selects an object with these labels. */
  static boolean selects(JsonNode selector, JsonNode objectLabels) {
    Map<String, String> wanted = labels(selector);
    Map<String, String> have = labels(objectLabels);
    return !wanted.isEmpty() && have.entrySet().containsAll(wanted.entrySet());
  }

  /** The containerPort of a probe or Service targetPort: a number, or the name of a container port. */
  static Optional<Integer> resolvePort(JsonNode port, JsonNode container) {
    if (port.isInt()) {
      return Optional.of(port.asInt());
    }
    for (JsonNode p : container.path("ports")) {
      if (p.path("name").asText().equals(port.asText())) {
        return Optional.of(p.path("containerPort").asInt());
      }
    }
    return Optional.empty();
  }
}
