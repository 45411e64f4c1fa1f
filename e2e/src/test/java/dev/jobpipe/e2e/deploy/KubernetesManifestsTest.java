package dev.jobpipe.e2e.deploy;

import static dev.jobpipe.e2e.deploy.Manifests.args;
import static dev.jobpipe.e2e.deploy.Manifests.containers;
import static dev.jobpipe.e2e.deploy.Manifests.describe;
import static dev.jobpipe.e2e.deploy.Manifests.name;
import static dev.jobpipe.e2e.deploy.Manifests.namespace;
import static dev.jobpipe.e2e.deploy.Manifests.ofKind;
import static dev.jobpipe.e2e.deploy.Manifests.option;
import static dev.jobpipe.e2e.deploy.Manifests.resolvePort;
import static dev.jobpipe.e2e.deploy.Manifests.selects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobpipe.schemas.JobTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s rendered (by the small renderer, and by kustomize where installed) is consistent: one
 * image, probes on the health endpoints of the port the process serves, KEDA scaling the worker on
 * its own group and topic, monitors, services and budgets selecting what they are meant to.
 */
class KubernetesManifestsTest {

  static final String TREE = "deploy/k8s";
  static final String TYPE_LABEL = "jobpipe.dev/job-type";

  private static final List<ObjectNode> RENDERED = Kustomize.build(Repo.path(TREE));

  private static List<JsonNode> kind(String kind) {
    return ofKind(RENDERED, kind);
  }

  /** Deployments and StatefulSets: the long-running jobpipe processes. */
  private static List<JsonNode> services() {
    return Stream.concat(kind("Deployment").stream(), kind("StatefulSet").stream()).toList();
  }

  /** The metrics port a jobpipe container serves: its --metrics-port argument. */
  private static Optional<Integer> metricsPort(JsonNode container) {
    return option(args(container), "--metrics-port").map(Integer::parseInt);
  }

  private static JsonNode mainContainer(JsonNode workload) {
    List<JsonNode> jobpipe = containers(workload).stream()
        .filter(c -> c.path("image").asText().equals(DeployFacts.image())).toList();
    assertThat(jobpipe).as(describe(workload) + " runs one jobpipe container").hasSize(1);
    return jobpipe.get(0);
  }

  private static List<JsonNode> workers() {
    return kind("Deployment").stream().filter(d -> args(mainContainer(d)).get(0).equals("worker")).toList();
  }

  private static String workerType(JsonNode deployment) {
    return option(args(mainContainer(deployment)), "--type")
        .orElseThrow(() -> new AssertionError(describe(deployment) + ": worker without --type"));
  }

  @Test
  void matchesKustomize() {
    Optional<List<JsonNode>> real = Manifests.kustomizeBinary(Repo.path(TREE));
    if (real.isEmpty()) {
      Repo.tool("kustomize", "kubectl"); // fails when the build requires it, else skips saying why
    }
    assertThat(RENDERED).as("JSON trees equal: same maps (in any key order) and lists (in order)")
        .containsExactlyInAnyOrderElementsOf(real.get().stream().map(ObjectNode.class::cast).toList());
  }

  @Test
  void rendersTheExpectedObjects() {
    Set<String> ids = new TreeSet<>();
    RENDERED.forEach(r -> ids.add(describe(r)));
    assertThat(ids).contains(
        "Namespace /jobpipe", "ConfigMap jobpipe/jobpipe-connection",
        "StatefulSet jobpipe/router", "Service jobpipe/router", "ServiceMonitor jobpipe/router",
        "PodDisruptionBudget jobpipe/router",
        "Deployment jobpipe/worker-email-send", "ScaledObject jobpipe/worker-email-send",
        "Job jobpipe/topics-email-send", "Deployment jobpipe/worker-image-resize");
    assertThat(workers()).extracting(KubernetesManifestsTest::workerType)
        .containsExactlyInAnyOrder("email.send", "image.resize");
  }

  @Test
  void everyOverlayIsPartOfTheTree() throws IOException {
    JsonNode top = Repo.yaml(Repo.path(TREE + "/kustomization.yaml"));
    Set<String> listed = new HashSet<>();
    top.path("resources").forEach(r -> listed.add(r.asText()));
    try (Stream<Path> overlays = Files.list(Repo.path(TREE + "/overlays"))) {
      overlays.filter(Files::isDirectory).forEach(dir ->
          assertThat(listed).as("deploy/k8s/kustomization.yaml lists " + dir.getFileName())
              .contains("overlays/" + dir.getFileName()));
    }
  }

  @Test
  void everyContainerRunsTheJobpipeImageAsTheImageUser() {
    String user = DockerfileTest.runtimeUser();
    for (JsonNode workload : Stream.concat(services().stream(), kind("Job").stream()).toList()) {
      for (JsonNode container : containers(workload)) {
        assertThat(container.path("image").asText()).as(describe(workload) + " image").isEqualTo(DeployFacts.image());
        assertThat(container.path("resources").path("requests").has("cpu")).as(describe(workload) + " cpu request").isTrue();
        assertThat(container.path("resources").path("requests").has("memory")).as(describe(workload) + " memory request").isTrue();
        assertThat(container.path("resources").path("limits").has("memory")).as(describe(workload) + " memory limit").isTrue();
      }
      JsonNode security = Manifests.podSpec(workload).path("securityContext");
      assertThat(security.path("runAsNonRoot").asBoolean()).as(describe(workload) + " runAsNonRoot").isTrue();
      assertThat(security.path("runAsUser").asText()).as(describe(workload) + " runAsUser = Dockerfile USER")
          .isEqualTo(user);
    }
  }

  @Test
  void probesHitTheHealthEndpointsOnTheMetricsPortTheProcessServes() {
    for (JsonNode deployment : services()) {
      JsonNode container = mainContainer(deployment);
      String what = describe(deployment);
      int port = metricsPort(container).orElseThrow(() -> new AssertionError(what + ": no --metrics-port"));
      List<Integer> declared = new ArrayList<>();
      container.path("ports").forEach(p -> declared.add(p.path("containerPort").asInt()));
      assertThat(declared).as(what + " declares its metrics port").contains(port);
      Map<String, String> expectedPaths = Map.of(
          "livenessProbe", "/health/live", "readinessProbe", "/health/ready", "startupProbe", "/health/live");
      for (String probe : List.of("livenessProbe", "readinessProbe")) {
        assertThat(container.has(probe)).as(what + " has a " + probe).isTrue();
      }
      expectedPaths.forEach((probe, path) -> {
        if (container.has(probe)) {
          JsonNode get = container.path(probe).path("httpGet");
          assertThat(get.path("path").asText()).as(what + " " + probe + " path").isEqualTo(path);
          assertThat(resolvePort(get.path("port"), container)).as(what + " " + probe + " port").contains(port);
        }
      });
    }
  }

  @Test
  void theRouterIsAStatefulSetWhosePodsNameTheirInstance() {
    List<JsonNode> routers = kind("StatefulSet").stream()
        .filter(w -> args(mainContainer(w)).get(0).equals("router")).toList();
    assertThat(routers).as("router StatefulSets").hasSize(1);
    JsonNode router = routers.get(0);
    JsonNode container = mainContainer(router);
    assertThat(option(args(container), "--instance-id")).as(describe(router) + " --instance-id is the pod name")
        .contains("<metadata.name>");
    String serviceName = router.path("spec").path("serviceName").asText();
    assertThat(kind("Service")).extracting(Manifests::name).as(describe(router) + " serviceName").contains(serviceName);
  }

  @Test
  void workersAreLabelledWithTheTypeTheyRun() {
    for (JsonNode worker : workers()) {
      String type = workerType(worker);
      assertThat(JobTopics.TYPE_PATTERN.matcher(type).matches()).as(type + " is a valid job type").isTrue();
      assertThat(worker.path("metadata").path("labels").path(TYPE_LABEL).asText()).as(describe(worker)).isEqualTo(type);
      assertThat(worker.path("spec").path("selector").path("matchLabels").path(TYPE_LABEL).asText())
          .as(describe(worker) + " selector").isEqualTo(type);
      assertThat(option(args(mainContainer(worker)), "--handler")).as(describe(worker) + " --handler").isPresent();
    }
  }

  @Test
  void deploymentSelectorsMatchTheirPods() {
    for (JsonNode deployment : services()) {
      assertThat(selects(deployment.path("spec").path("selector").path("matchLabels"),
          deployment.path("spec").path("template").path("metadata").path("labels")))
          .as(describe(deployment) + " selector matches its template").isTrue();
    }
  }

  /** The Deployments and StatefulSets in a namespace whose pods a selector picks. */
  private static List<JsonNode> selectedDeployments(JsonNode selector, String namespace) {
    return services().stream()
        .filter(d -> namespace(d).equals(namespace))
        .filter(d -> selects(selector, d.path("spec").path("template").path("metadata").path("labels")))
        .toList();
  }

  @Test
  void everyServiceSelectsOneDeploymentAndTargetsItsMetricsPort() {
    for (JsonNode service : kind("Service")) {
      List<JsonNode> selected = selectedDeployments(service.path("spec").path("selector"), namespace(service));
      assertThat(selected).as(describe(service) + " selects exactly one Deployment").hasSize(1);
      JsonNode container = mainContainer(selected.get(0));
      for (JsonNode port : service.path("spec").path("ports")) {
        assertThat(resolvePort(port.path("targetPort"), container)).as(describe(service) + " targetPort")
            .isEqualTo(metricsPort(container));
      }
    }
  }

  @Test
  void everyServiceMonitorSelectsOneServiceAndScrapesMetrics() {
    Set<String> jobs = new TreeSet<>();
    for (JsonNode monitor : kind("ServiceMonitor")) {
      List<JsonNode> services = kind("Service").stream()
          .filter(s -> namespace(s).equals(namespace(monitor)))
          .filter(s -> selects(monitor.path("spec").path("selector").path("matchLabels"), s.path("metadata").path("labels")))
          .toList();
      assertThat(services).as(describe(monitor) + " selects exactly one Service").hasSize(1);
      JsonNode service = services.get(0);
      Set<String> portNames = new HashSet<>();
      service.path("spec").path("ports").forEach(p -> portNames.add(p.path("name").asText()));
      assertThat(monitor.path("spec").path("endpoints").size()).isPositive();
      for (JsonNode endpoint : monitor.path("spec").path("endpoints")) {
        assertThat(portNames).as(describe(monitor) + " endpoint port").contains(endpoint.path("port").asText());
        assertThat(endpoint.path("path").asText()).as(describe(monitor) + " path").isEqualTo("/metrics");
      }
      String jobLabel = monitor.path("spec").path("jobLabel").asText();
      String job = service.path("metadata").path("labels").path(jobLabel).asText();
      assertThat(job).as(describe(monitor) + " jobLabel " + jobLabel + " on " + describe(service)).isNotEmpty();
      jobs.add(job);
    }
    assertThat(jobs).as("Prometheus job labels, as the alert rules expect them").isEqualTo(PrometheusRulesTest.upJobs());
  }

  @Test
  void everyDisruptionBudgetCoversExactlyOneDeployment() {
    Set<String> covered = new HashSet<>();
    for (JsonNode pdb : kind("PodDisruptionBudget")) {
      List<JsonNode> selected = selectedDeployments(pdb.path("spec").path("selector").path("matchLabels"), namespace(pdb));
      assertThat(selected).as(describe(pdb) + " selects exactly one Deployment").hasSize(1);
      covered.add(describe(selected.get(0)));
    }
    services().forEach(d -> assertThat(covered).as("a PodDisruptionBudget for " + describe(d)).contains(describe(d)));
  }

  @Test
  void kedaScalesEachWorkerOnItsOwnGroupAndTopic() {
    Map<String, String> connection = connectionConfig();
    Map<String, JsonNode> scaledByTarget = new HashMap<>();
    for (JsonNode scaled : kind("ScaledObject")) {
      String target = scaled.path("spec").path("scaleTargetRef").path("name").asText();
      assertThat(scaledByTarget.put(namespace(scaled) + "/" + target, scaled)).as("one ScaledObject per target").isNull();
    }
    for (JsonNode worker : workers()) {
      String type = workerType(worker);
      JsonNode scaled = scaledByTarget.remove(namespace(worker) + "/" + name(worker));
      assertThat(scaled).as("a ScaledObject targeting " + describe(worker)).isNotNull();
      JsonNode triggers = scaled.path("spec").path("triggers");
      assertThat(triggers.size()).as(describe(scaled) + " triggers").isEqualTo(1);
      JsonNode trigger = triggers.get(0);
      assertThat(trigger.path("type").asText()).isEqualTo("kafka");
      JsonNode meta = trigger.path("metadata");
      assertThat(meta.path("consumerGroup").asText()).as(describe(scaled) + " consumerGroup").isEqualTo(DeployFacts.consumerGroup(type));
      assertThat(meta.path("topic").asText()).as(describe(scaled) + " topic").isEqualTo(JobTopics.of(type).main());
      assertThat(meta.path("bootstrapServers").asText()).as(describe(scaled) + " bootstrapServers")
          .isEqualTo(connection.get(DeployFacts.bootstrapEnv()));
      int partitions = topicPartitions(type);
      assertThat(scaled.path("spec").path("maxReplicaCount").asInt())
          .as(describe(scaled) + " maxReplicaCount at most the " + partitions + " partitions").isBetween(1, partitions);
      assertThat(worker.path("spec").has("replicas")).as(describe(worker) + " leaves replicas to KEDA").isFalse();
    }
    assertThat(scaledByTarget).as("ScaledObjects without a worker Deployment").isEmpty();
  }

  /** Partitions the topics Job of a type creates. */
  private static int topicPartitions(String type) {
    List<JsonNode> jobs = kind("Job").stream()
        .filter(j -> {
          List<String> args = args(mainContainer(j));
          return args.size() > 1 && args.get(0).equals("topics") && args.get(1).equals("apply")
              && option(args, "--type").equals(Optional.of(type));
        })
        .toList();
    assertThat(jobs).as("one topics Job for " + type).hasSize(1);
    return Integer.parseInt(option(args(mainContainer(jobs.get(0))), "--partitions")
        .orElseThrow(() -> new AssertionError("topics Job for " + type + " without --partitions")));
  }

  /** The data of the ConfigMaps jobpipe containers load, which must agree with each other. */
  private static Map<String, String> connectionConfig() {
    Map<String, String> data = new HashMap<>();
    for (JsonNode cm : kind("ConfigMap")) {
      cm.path("data").fields().forEachRemaining(f -> {
        String before = data.put(f.getKey(), f.getValue().asText());
        assertThat(before == null || before.equals(f.getValue().asText())).as(f.getKey() + " agrees across ConfigMaps").isTrue();
      });
    }
    return data;
  }

  @Test
  void connectionSettingsUseTheCliEnvironmentNames() {
    Map<String, String> config = connectionConfig();
    assertThat(config.keySet()).containsAll(DeployFacts.connectionEnv().values());
    List<String> problems = new ArrayList<>();
    Set<String> configMaps = new HashSet<>();
    kind("ConfigMap").forEach(cm -> configMaps.add(namespace(cm) + "/" + name(cm)));
    config.keySet().stream().filter(k -> k.startsWith("JOBPIPE_") && !DeployFacts.connectionEnv().containsValue(k))
        .forEach(k -> problems.add("ConfigMap key " + k + " is no environment variable of the CLI"));
    for (JsonNode workload : Stream.concat(services().stream(), kind("Job").stream()).toList()) {
      JsonNode container = mainContainer(workload);
      boolean loadsConnection = false;
      for (JsonNode from : container.path("envFrom")) {
        String ref = from.path("configMapRef").path("name").asText();
        if (!configMaps.contains(namespace(workload) + "/" + ref)) {
          problems.add(describe(workload) + " loads missing ConfigMap " + ref);
        }
        loadsConnection = true;
      }
      if (!loadsConnection) {
        problems.add(describe(workload) + " does not load the connection ConfigMap");
      }
      Manifests.env(container).keySet().stream()
          .filter(k -> k.startsWith("JOBPIPE_") && !DeployFacts.connectionEnv().containsValue(k))
          .forEach(k -> problems.add(describe(workload) + " sets " + k + ", which the CLI does not read"));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyObjectLivesInTheJobpipeNamespace() {
    for (ObjectNode r : RENDERED) {
      if (!r.path("kind").asText().equals("Namespace")) {
        assertThat(namespace(r)).as(describe(r)).isEqualTo("jobpipe");
      }
    }
  }

  /** Command lines of every jobpipe container, for the CLI compatibility check. */
  static Map<String, List<String>> commandLines() {
    Map<String, List<String>> lines = new HashMap<>();
    for (JsonNode workload : Stream.concat(services().stream(), ofKind(RENDERED, "Job").stream()).toList()) {
      lines.put("k8s " + describe(workload), args(mainContainer(workload)));
    }
    return lines;
  }

  /** Every --metrics-port of the rendered containers. */
  static Set<Integer> metricsPorts() {
    Set<Integer> ports = new TreeSet<>();
    for (JsonNode d : services()) {
      metricsPort(mainContainer(d)).ifPresent(ports::add);
    }
    return ports;
  }
}
