package dev.jobpipe.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders a Kustomize tree as {@code kustomize build} does, for exactly the features the jobpipe
 * manifests use, and refuses everything else with {@link UnsupportedOperationException} rather than
 * guess: so the manifest checks run on these machines (no kustomize binary), and when a real
 * kustomize is present the checks compare both renderings.
 *
 * <p>Supported: {@code resources} (files and directories), {@code namespace}, {@code namePrefix} /
 * {@code nameSuffix}, {@code labels} (pairs, with or without selectors) and {@code patches} holding
 * one strategic-merge patch each (inline or by path), applied in kustomize's order: patches,
 * namespace, name prefix/suffix, labels. Strategic merge uses the Kubernetes merge keys for the pod
 * and service lists it knows and replaces lists of custom resources, as kustomize does for kinds
 * without a schema.
 */
final class Kustomize {

  private static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
  private static final Set<String> KEYS = Set.of(
      "apiVersion", "kind", "resources", "namespace", "namePrefix", "nameSuffix", "labels", "patches");
  /** Kinds with a Kubernetes schema, where strategic merge uses merge keys. */
  private static final Set<String> BUILTIN_API_VERSIONS = Set.of("v1", "apps/v1", "batch/v1", "policy/v1");
  /** Kinds whose label selectors kustomize's label transformer rewrites in ways not modelled here. */
  private static final Set<String> UNSUPPORTED_WORKLOADS = Set.of(
      "DaemonSet", "ReplicaSet", "ReplicationController", "CronJob", "NetworkPolicy");
  private static final Set<String> CLUSTER_SCOPED = Set.of(
      "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume",
      "StorageClass", "PriorityClass", "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");
  /** Strategic-merge keys of the object lists in the kinds above, by path ([] = any element). */
  private static final Map<String, String> MERGE_KEYS = Map.of(
      "spec.template.spec.containers", "name",
      "spec.template.spec.initContainers", "name",
      "spec.template.spec.volumes", "name",
      "spec.template.spec.containers[].env", "name",
      "spec.template.spec.containers[].ports", "containerPort",
      "spec.template.spec.containers[].volumeMounts", "mountPath",
      "spec.template.spec.initContainers[].env", "name",
      "spec.template.spec.initContainers[].volumeMounts", "mountPath",
      "spec.ports", "port");
  /** Object lists of builtin kinds that strategic merge replaces (no merge key in the Kubernetes schema). */
  private static final Set<String> REPLACED_LISTS = Set.of(
      "spec.template.spec.containers[].envFrom", "spec.template.spec.tolerations");

  private Kustomize() {}

  /** Renders the kustomization in {@code dir}. */
  static List<ObjectNode> build(Path dir) {
    Path file = FILE_NAMES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no kustomization file in " + dir));
    JsonNode k = Repo.yaml(file);
    Set<String> unknown = new TreeSet<>();
    k.fieldNames().forEachRemaining(f -> {
      if (!KEYS.contains(f)) {
        unknown.add(f);
      }
    });
    if (!unknown.isEmpty()) {
      throw new UnsupportedOperationException(file + ": unsupported kustomization fields " + unknown);
    }
    if (k.has("kind") && !k.get("kind").asText().equals("Kustomization")) {
      throw new UnsupportedOperationException(file + ": kind " + k.get("kind").asText() + " (components are not supported)");
    }

    List<ObjectNode> resources = new ArrayList<>();
    for (JsonNode entry : k.path("resources")) {
      String ref = entry.asText();
      if (ref.contains("://") || ref.startsWith("github.com/")) {
        throw new UnsupportedOperationException(file + ": remote resource " + ref);
      }
      Path target = dir.resolve(ref).normalize();
      if (Files.isDirectory(target)) {
        resources.addAll(build(target));
      } else if (Files.isRegularFile(target)) {
        for (JsonNode doc : Repo.yamlDocuments(Repo.read(target), target.toString())) {
          if (!doc.isObject() || !doc.has("kind") || !doc.has("apiVersion") || !doc.path("metadata").has("name")) {
            throw new IllegalArgumentException(target + ": not a Kubernetes object: " + doc);
          }
          resources.add((ObjectNode) doc);
        }
      } else {
        throw new IllegalArgumentException(file + ": resource " + ref + " does not exist");
      }
    }
    checkUnique(resources, file);

    for (JsonNode patch : k.path("patches")) {
      applyPatch(resources, patch, dir, file);
    }
    if (k.has("namespace")) {
      setNamespace(resources, k.get("namespace").asText(), file);
    }
    if (k.has("namePrefix") || k.has("nameSuffix")) {
      rename(resources, k.path("namePrefix").asText(""), k.path("nameSuffix").asText(""), file);
    }
    for (JsonNode label : k.path("labels")) {
      addLabels(resources, label, file);
    }
    checkUnique(resources, file);
    return resources;
  }

  static String id(JsonNode r) {
    String apiVersion = r.path("apiVersion").asText();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    return group + "/" + r.path("kind").asText() + "/" + r.path("metadata").path("namespace").asText("")
        + "/" + r.path("metadata").path("name").asText();
  }

  private static void checkUnique(List<ObjectNode> resources, Path file) {
    Set<String> seen = new HashSet<>();
    for (ObjectNode r : resources) {
      if (!seen.add(id(r))) {
        throw new IllegalArgumentException(file + ": duplicate resource " + id(r));
      }
    }
  }

  // ---------------------------------------------------------------- patches

  private static void applyPatch(List<ObjectNode> resources, JsonNode entry, Path dir, Path file) {
    Set<String> fields = new TreeSet<>();
    entry.fieldNames().forEachRemaining(fields::add);
    if (!Set.of("patch").equals(fields) && !Set.of("path").equals(fields)) {
      throw new UnsupportedOperationException(file + ": patches entries must have only patch or path, has " + fields);
    }
    String text = entry.has("patch") ? entry.get("patch").asText() : Repo.read(dir.resolve(entry.get("path").asText()));
    List<JsonNode> docs = Repo.yamlDocuments(text, file + " patch");
    if (docs.size() != 1 || !docs.get(0).isObject()) {
      throw new UnsupportedOperationException(file + ": only single-document strategic-merge patches are supported");
    }
    JsonNode patch = docs.get(0);
    String apiVersion = patch.path("apiVersion").asText();
    String kind = patch.path("kind").asText();
    String name = patch.path("metadata").path("name").asText();
    List<ObjectNode> targets = resources.stream()
        .filter(r -> r.path("apiVersion").asText().equals(apiVersion) && r.path("kind").asText().equals(kind)
            && r.path("metadata").path("name").asText().equals(name))
        .toList();
    if (targets.size() != 1) {
      throw new IllegalArgumentException(file + ": patch for " + apiVersion + " " + kind + " " + name
          + " matches " + targets.size() + " resources");
    }
    ObjectNode target = targets.get(0);
    ObjectNode body = patch.deepCopy();
    body.remove("apiVersion");
    body.remove("kind");
    ObjectNode metadata = (ObjectNode) body.path("metadata");
    metadata.remove("name");
    if (metadata.isEmpty()) {
      body.remove("metadata");
    }
    mergeObject(target, body, "", BUILTIN_API_VERSIONS.contains(apiVersion), file);
  }

  private static void mergeObject(ObjectNode target, JsonNode patch, String path, boolean builtin, Path file) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      String childPath = path.isEmpty() ? key : path + "." + key;
      if (key.startsWith("$")) {
        throw new UnsupportedOperationException(file + ": patch directive " + key + " at " + childPath);
      }
      JsonNode existing = target.get(key);
      if (value.isNull()) {
        target.remove(key);
      } else if (value.isObject() && existing != null && existing.isObject()) {
        mergeObject((ObjectNode) existing, value, childPath, builtin, file);
      } else if (value.isArray() && existing != null && existing.isArray()) {
        target.set(key, mergeList((ArrayNode) existing, (ArrayNode) value, childPath, builtin, file));
      } else {
        target.set(key, value.deepCopy());
      }
    }
  }

  private static ArrayNode mergeList(ArrayNode target, ArrayNode patch, String path, boolean builtin, Path file) {
    boolean objects = false;
    for (JsonNode element : patch) {
      objects |= element.isObject();
    }
    for (JsonNode element : target) {
      objects |= element.isObject();
    }
    if (!builtin || !objects) {
      return patch.deepCopy();
    }
    String schemaPath = path.replaceAll("\\[\\d+]", "[]");
    String mergeKey = MERGE_KEYS.get(schemaPath);
    if (mergeKey == null) {
      if (REPLACED_LISTS.contains(schemaPath)) {
        return patch.deepCopy();
      }
      throw new UnsupportedOperationException(file + ": strategic merge of the list " + path
          + " (merge key unknown to this renderer)");
    }
    Map<String, JsonNode> originals = new LinkedHashMap<>();
    for (JsonNode element : target) {
      originals.put(element.path(mergeKey).asText(), element);
    }
    ArrayNode merged = target.arrayNode();
    Set<String> patched = new HashSet<>();
    for (JsonNode element : patch) {
      String key = element.path(mergeKey).asText(null);
      if (key == null) {
        throw new IllegalArgumentException(file + ": list element at " + path + " without its merge key " + mergeKey);
      }
      patched.add(key);
      JsonNode original = originals.get(key);
      if (original == null) {
        merged.add(element.deepCopy());
      } else {
        ObjectNode copy = original.deepCopy();
        mergeObject(copy, element, path + "[]", builtin, file);
        merged.add(copy);
      }
    }
    originals.forEach((key, element) -> {
      if (!patched.contains(key)) {
        merged.add(element);
      }
    });
    return merged;
  }

  // ---------------------------------------------------------------- namespace, names, labels

  private static void setNamespace(List<ObjectNode> resources, String namespace, Path file) {
    for (ObjectNode r : resources) {
      String kind = r.path("kind").asText();
      if (kind.equals("Namespace")) {
        if (!r.path("metadata").path("name").asText().equals(namespace)) {
          throw new UnsupportedOperationException(file + ": namespace " + namespace
              + " with a Namespace object of another name (kustomize would rename it)");
        }
      } else if (CLUSTER_SCOPED.contains(kind)) {
        throw new UnsupportedOperationException(file + ": namespace transformer on cluster-scoped " + kind);
      } else {
        ((ObjectNode) r.get("metadata")).put("namespace", namespace);
      }
    }
  }

  private static void rename(List<ObjectNode> resources, String prefix, String suffix, Path file) {
    Map<String, Set<String>> renamedByKind = new HashMap<>();
    for (ObjectNode r : resources) {
      String kind = r.path("kind").asText();
      if (kind.equals("Namespace")) {
        continue;
      }
      if (kind.equals("CustomResourceDefinition") || kind.equals("APIService")) {
        throw new UnsupportedOperationException(file + ": name prefix/suffix on " + kind);
      }
      ObjectNode metadata = (ObjectNode) r.get("metadata");
      String name = metadata.get("name").asText();
      renamedByKind.computeIfAbsent(kind, x -> new HashSet<>()).add(name);
      metadata.put("name", prefix + name + suffix);
    }
    // kustomize would rewrite references to renamed objects; this renderer refuses instead.
    for (ObjectNode r : resources) {
      JsonNode podSpec = r.path("spec").path("template").path("spec");
      List<JsonNode> containers = new ArrayList<>();
      podSpec.path("containers").forEach(containers::add);
      podSpec.path("initContainers").forEach(containers::add);
      List<String[]> refs = new ArrayList<>();
      for (JsonNode c : containers) {
        for (JsonNode from : c.path("envFrom")) {
          refs.add(new String[] {"ConfigMap", from.path("configMapRef").path("name").asText(null)});
          refs.add(new String[] {"Secret", from.path("secretRef").path("name").asText(null)});
        }
        for (JsonNode env : c.path("env")) {
          refs.add(new String[] {"ConfigMap", env.path("valueFrom").path("configMapKeyRef").path("name").asText(null)});
          refs.add(new String[] {"Secret", env.path("valueFrom").path("secretKeyRef").path("name").asText(null)});
        }
      }
      for (JsonNode volume : podSpec.path("volumes")) {
        refs.add(new String[] {"ConfigMap", volume.path("configMap").path("name").asText(null)});
        refs.add(new String[] {"Secret", volume.path("secret").path("secretName").asText(null)});
      }
      refs.add(new String[] {"ServiceAccount", podSpec.path("serviceAccountName").asText(null)});
      for (String[] ref : refs) {
        if (ref[1] != null && renamedByKind.getOrDefault(ref[0], Set.of()).contains(ref[1])) {
          throw new UnsupportedOperationException(file + ": " + r.path("kind").asText() + " "
              + r.path("metadata").path("name").asText() + " refers to renamed " + ref[0] + " " + ref[1]);
        }
      }
    }
  }

  private static void addLabels(List<ObjectNode> resources, JsonNode entry, Path file) {
    Set<String> fields = new TreeSet<>();
    entry.fieldNames().forEachRemaining(fields::add);
    fields.removeAll(Set.of("pairs", "includeSelectors"));
    if (!fields.isEmpty()) {
      throw new UnsupportedOperationException(file + ": labels options " + fields);
    }
    boolean selectors = entry.path("includeSelectors").asBoolean(false);
    Map<String, String> pairs = new LinkedHashMap<>();
    entry.path("pairs").fields().forEachRemaining(f -> pairs.put(f.getKey(), f.getValue().asText()));
    for (ObjectNode r : resources) {
      String kind = r.path("kind").asText();
      put(r, pairs, true, "metadata", "labels");
      if (!selectors) {
        continue;
      }
      if (UNSUPPORTED_WORKLOADS.contains(kind)) {
        throw new UnsupportedOperationException(file + ": selector labels on " + kind);
      }
      switch (kind) {
        case "Service" -> put(r, pairs, true, "spec", "selector");
        case "Deployment", "StatefulSet" -> {
          JsonNode podSpec = r.path("spec").path("template").path("spec");
          if (podSpec.has("affinity") || podSpec.has("topologySpreadConstraints")) {
            throw new UnsupportedOperationException(file + ": selector labels with affinity or topology spread");
          }
          put(r, pairs, true, "spec", "selector", "matchLabels");
          put(r, pairs, true, "spec", "template", "metadata", "labels");
        }
        case "Job" -> {
          put(r, pairs, false, "spec", "selector", "matchLabels");
          put(r, pairs, true, "spec", "template", "metadata", "labels");
        }
        case "PodDisruptionBudget" -> put(r, pairs, false, "spec", "selector", "matchLabels");
        default -> { }
      }
    }
  }

  /** Adds the pairs to the map at path; creates missing maps when create is set, else skips. */
  private static void put(ObjectNode root, Map<String, String> pairs, boolean create, String... path) {
    ObjectNode node = root;
    for (String step : path) {
      JsonNode child = node.get(step);
      if (child == null || child.isNull()) {
        if (!create) {
          return;
        }
        child = node.putObject(step);
      }
      node = (ObjectNode) child;
    }
    ObjectNode labels = node;
    pairs.forEach(labels::put);
  }
}
