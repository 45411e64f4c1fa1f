package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small Kustomize renderer: kustomize's semantics for what it supports, a refusal for the rest. */
class KustomizeTest {

  @TempDir
  Path dir;

  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: worker
        labels: {app: w}
      spec:
        selector:
          matchLabels: {app: w}
        template:
          metadata:
            labels: {app: w}
          spec:
            containers:
              - name: worker
                image: img
                args: [a, b]
                envFrom:
                  - configMapRef: {name: conn}
                env:
                  - {name: A, value: "1"}
                  - {name: D, value: "4"}
              - name: side
                image: side
      """;

  private void write(String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static JsonNode find(List<ObjectNode> resources, String kind) {
    return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).findFirst().orElseThrow();
  }

  @Test
  void appliesPatchesThenNamespaceSuffixAndSelectorLabels() throws IOException {
    write("base/kustomization.yaml", "resources: [deployment.yaml, service.yaml, monitor.yaml, pdb.yaml]\n");
    write("base/deployment.yaml", DEPLOYMENT);
    write("base/service.yaml", """
        apiVersion: v1
        kind: Service
        metadata: {name: worker}
        spec:
          selector: {app: w}
          ports: [{name: metrics, port: 9400}]
        """);
    write("base/monitor.yaml", """
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: worker}
        spec:
          selector: {matchLabels: {app: w}}
          endpoints: [{port: metrics}, {port: other}]
        """);
    write("base/pdb.yaml", """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: worker}
        spec:
          maxUnavailable: 1
          selector: {matchLabels: {app: w}}
        """);
    write("overlay/kustomization.yaml", """
        resources: [../base]
        namespace: ns
        nameSuffix: -t
        labels:
          - pairs: {kind: t}
            includeSelectors: true
        patches:
          - patch: |-
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: worker}
              spec:
                template:
                  spec:
                    containers:
                      - name: worker
                        args: [c]
                        env:
                          - {name: C, value: "3"}
                          - {name: A, value: "9"}
                      - name: third
                        image: third
          - patch: |-
              apiVersion: monitoring.coreos.com/v1
              kind: ServiceMonitor
              metadata: {name: worker}
              spec:
                endpoints: [{port: metrics, path: /metrics}]
        """);

    List<ObjectNode> out = Kustomize.build(dir.resolve("overlay"));

    JsonNode deployment = find(out, "Deployment");
    assertThat(deployment.path("metadata").path("name").asText()).isEqualTo("worker-t");
    assertThat(deployment.path("metadata").path("namespace").asText()).isEqualTo("ns");
    assertThat(deployment.path("spec").path("selector").path("matchLabels").toString()).isEqualTo("{\"app\":\"w\",\"kind\":\"t\"}");
    assertThat(deployment.path("spec").path("template").path("metadata").path("labels").path("kind").asText()).isEqualTo("t");
    JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
    assertThat(containers.findValuesAsText("name")).containsSubsequence("worker", "third", "side");
    assertThat(containers.get(0).path("args").toString()).isEqualTo("[\"c\"]");
    assertThat(containers.get(0).path("env").toString())
        .isEqualTo("[{\"name\":\"C\",\"value\":\"3\"},{\"name\":\"A\",\"value\":\"9\"},{\"name\":\"D\",\"value\":\"4\"}]");
    assertThat(containers.get(0).path("envFrom").get(0).path("configMapRef").path("name").asText()).isEqualTo("conn");
    assertThat(find(out, "Service").path("spec").path("selector").path("kind").asText()).isEqualTo("t");
    assertThat(find(out, "PodDisruptionBudget").path("spec").path("selector").path("matchLabels").path("kind").asText()).isEqualTo("t");
    JsonNode monitor = find(out, "ServiceMonitor");
    assertThat(monitor.path("spec").path("selector").path("matchLabels").has("kind")).as("not a selector kustomize knows").isFalse();
    assertThat(monitor.path("metadata").path("labels").path("kind").asText()).isEqualTo("t");
    assertThat(monitor.path("spec").path("endpoints").toString()).isEqualTo("[{\"port\":\"metrics\",\"path\":\"/metrics\"}]");

    Manifests.kustomizeBinary(dir.resolve("overlay")).ifPresent(real -> assertThat(out)
        .as("same rendering as kustomize").containsExactlyInAnyOrderElementsOf(real.stream().map(ObjectNode.class::cast).toList()));
  }

  @Test
  void refusesFeaturesItDoesNotModel() throws IOException {
    write("a/kustomization.yaml", "resources: [d.yaml]\nimages: [{name: img, newTag: x}]\n");
    write("a/d.yaml", DEPLOYMENT);
    assertThatThrownBy(() -> Kustomize.build(dir.resolve("a")))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("[images]");

    write("b/kustomization.yaml", """
        resources: [d.yaml]
        patches:
          - target: {kind: Deployment}
            patch: "[{op: replace, path: /spec/replicas, value: 2}]"
        """);
    write("b/d.yaml", DEPLOYMENT);
    assertThatThrownBy(() -> Kustomize.build(dir.resolve("b")))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("patch");

    write("c/kustomization.yaml", """
        resources: [d.yaml]
        patches:
          - patch: |-
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: worker}
              spec:
                template:
                  spec:
                    hostAliases: [{ip: 1.2.3.4, hostnames: [x]}]
        """);
    write("c/d.yaml", DEPLOYMENT.replace("      containers:", "      hostAliases: [{ip: 1.1.1.1}]\n      containers:"));
    assertThatThrownBy(() -> Kustomize.build(dir.resolve("c")))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("hostAliases");

    write("d/kustomization.yaml", "resources: [d.yaml, cm.yaml]\nnameSuffix: -x\n");
    write("d/d.yaml", DEPLOYMENT);
    write("d/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: conn}\n");
    assertThatThrownBy(() -> Kustomize.build(dir.resolve("d")))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("renamed ConfigMap conn");

    write("e/kustomization.yaml", "resources: [ns.yaml]\nnamespace: other\n");
    write("e/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: jobpipe}\n");
    assertThatThrownBy(() -> Kustomize.build(dir.resolve("e")))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Namespace");
  }

  @Test
  void rejectsInconsistentTrees() throws IOException {
    write("a/kustomization.yaml", "resources: [d.yaml, d2.yaml]\n");
    write("a/d.yaml", DEPLOYMENT);
    write("a/d2.yaml", DEPLOYMENT);
    assertThatThrownBy(() -> Kustomize.build(dir.resolve("a"))).hasMessageContaining("duplicate resource apps/Deployment//worker");

    write("b/kustomization.yaml", """
        resources: [d.yaml]
        patches:
          - patch: |-
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: wrker}
              spec: {replicas: 2}
        """);
    write("b/d.yaml", DEPLOYMENT);
    assertThatThrownBy(() -> Kustomize.build(dir.resolve("b"))).hasMessageContaining("matches 0 resources");

    write("c/kustomization.yaml", "resources: [missing.yaml]\n");
    assertThatThrownBy(() -> Kustomize.build(dir.resolve("c"))).hasMessageContaining("does not exist");

    assertThatThrownBy(() -> Kustomize.build(dir.resolve("nothing-here"))).hasMessageContaining("no kustomization file");
  }
}
