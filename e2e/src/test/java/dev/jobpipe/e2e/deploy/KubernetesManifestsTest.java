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
import dev.jobpipe.deploy.local.JavaCommand;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    String user = ImageDefinitionTest.runtimeUser();
    for (JsonNode workload : Stream.concat(services().stream(), kind("Job").stream()).toList()) {
      for (JsonNode container : containers(workload)) {
        assertThat(container.path("image").asText()).as(describe(workload) + " image").isEqualTo(DeployFacts.image());
        assertThat(container.path("resources").path("requests").has("cpu")).as(describe(workload) + " cpu request").isTrue();
        assertThat(container.path("resources").path("requests").has("memory")).as(describe(workload) + " memory request").isTrue();
        assertThat(container.path("resources").path("limits").has("memory")).as(describe(workload) + " memory limit").isTrue();
      }
      JsonNode security = Manifests.podSpec(workload).path("securityContext");
      assertThat(security.path("runAsNonRoot").asBoolean()).as(describe(workload) + " runAsNonRoot").isTrue();
      assertThat(security.path("runAsUser").asText()).as(describe(workload) + " runAsUser = the image's user")
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

  @Test
  void kedaScaleDownIsTheHpaBehaviourWhenReplicasNeverReachZero() {
    for (JsonNode scaled : kind("ScaledObject")) {
      JsonNode spec = scaled.path("spec");
      int min = spec.path("minReplicaCount").asInt(0);
      if (min >= 1) {
        assertThat(spec.has("cooldownPeriod"))
            .as(describe(scaled) + ": cooldownPeriod only applies to scaling to zero, never with minReplicaCount " + min)
            .isFalse();
      }
      JsonNode scaleDown = spec.path("advanced").path("horizontalPodAutoscalerConfig").path("behavior").path("scaleDown");
      assertThat(scaleDown.path("stabilizationWindowSeconds").asInt(0))
          .as(describe(scaled) + " waits before scaling down (HPA behavior.scaleDown)").isPositive();
      assertThat(scaleDown.path("policies").size()).as(describe(scaled) + " scale-down policies").isPositive();
      for (JsonNode policy : scaleDown.path("policies")) {
        assertThat(policy.path("type").asText()).as(describe(scaled) + " scale-down policy type").isIn("Pods", "Percent");
        assertThat(policy.path("value").asInt()).as(describe(scaled) + " scale-down policy value").isPositive();
        assertThat(policy.path("periodSeconds").asInt()).as(describe(scaled) + " scale-down policy period").isBetween(1, 1800);
      }
    }
  }

  /** The rendered Secret of that name in the namespace, with its keys (data and stringData). */
  private static Set<String> secretKeys(String namespace, String name) {
    List<JsonNode> secrets = kind("Secret").stream()
        .filter(s -> namespace(s).equals(namespace) && name(s).equals(name)).toList();
    assertThat(secrets).as("Secret " + namespace + "/" + name + " is rendered").hasSize(1);
    Set<String> keys = new TreeSet<>();
    secrets.get(0).path("data").fieldNames().forEachRemaining(keys::add);
    secrets.get(0).path("stringData").fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void kedaReadsKafkaSecurityFromTheClientSecretTheContainersMount() {
    Set<String> mounted = clientSecrets();
    for (JsonNode scaled : kind("ScaledObject")) {
      for (JsonNode trigger : scaled.path("spec").path("triggers")) {
        String ref = trigger.path("authenticationRef").path("name").asText("");
        assertThat(ref).as(describe(scaled) + " kafka trigger has an authenticationRef").isNotEmpty();
        assertThat(trigger.path("authenticationRef").path("kind").asText("TriggerAuthentication"))
            .isEqualTo("TriggerAuthentication");
        List<JsonNode> auths = kind("TriggerAuthentication").stream()
            .filter(a -> namespace(a).equals(namespace(scaled)) && name(a).equals(ref)).toList();
        assertThat(auths).as(describe(scaled) + " refers to a rendered TriggerAuthentication " + ref).hasSize(1);
        Set<String> parameters = new TreeSet<>();
        for (JsonNode target : auths.get(0).path("spec").path("secretTargetRef")) {
          parameters.add(target.path("parameter").asText());
          String secret = target.path("name").asText();
          assertThat(namespace(auths.get(0)) + "/" + secret).as(describe(auths.get(0))
              + " reads the Secret the jobpipe containers mount").isIn(mounted);
          assertThat(secretKeys(namespace(auths.get(0)), secret)).as(describe(auths.get(0)) + " key of " + secret)
              .contains(target.path("key").asText());
        }
        assertThat(parameters).as(describe(auths.get(0)) + " parameters of KEDA's Kafka scaler")
            .contains("sasl", "tls", "username", "password", "ca")
            .isSubsetOf("sasl", "tls", "username", "password", "ca", "cert", "key", "keyPassword");
      }
    }
  }

  /**
   * Checks that every jobpipe container passes --command-config with a file of a mounted Secret
   * volume that has that key; returns the Secrets (namespace/name) they read.
   */
  private static Set<String> clientSecrets() {
    Set<String> secrets = new TreeSet<>();
    for (JsonNode workload : Stream.concat(services().stream(), kind("Job").stream()).toList()) {
      JsonNode container = mainContainer(workload);
      String what = describe(workload);
      String file = option(args(container), "--command-config")
          .orElseThrow(() -> new AssertionError(what + ": no --command-config"));
      Path path = Path.of(file);
      assertThat(path.isAbsolute()).as(what + " --command-config is absolute").isTrue();
      List<JsonNode> mounts = new ArrayList<>();
      container.path("volumeMounts").forEach(m -> {
        if (m.path("mountPath").asText().equals(path.getParent().toString())) {
          mounts.add(m);
        }
      });
      assertThat(mounts).as(what + " mounts a volume at " + path.getParent()).hasSize(1);
      assertThat(mounts.get(0).path("readOnly").asBoolean()).as(what + " mounts it read-only").isTrue();
      String volumeName = mounts.get(0).path("name").asText();
      List<JsonNode> volumes = new ArrayList<>();
      Manifests.podSpec(workload).path("volumes").forEach(v -> {
        if (v.path("name").asText().equals(volumeName)) {
          volumes.add(v);
        }
      });
      assertThat(volumes).as(what + " volume " + volumeName).hasSize(1);
      JsonNode secret = volumes.get(0).path("secret");
      String secretName = secret.path("secretName").asText("");
      assertThat(secretName).as(what + " volume " + volumeName + " is a Secret").isNotEmpty();
      Set<String> keys = secretKeys(namespace(workload), secretName);
      String fileName = path.getFileName().toString();
      String key = fileName;
      for (JsonNode item : secret.path("items")) {
        assertThat(keys).as(what + " mounts key " + item.path("key").asText() + " of " + secretName)
            .contains(item.path("key").asText());
        if (item.path("path").asText().equals(fileName)) {
          key = item.path("key").asText();
        }
      }
      assertThat(keys).as(what + ": " + file + " comes from a key of " + secretName).contains(key);
      assertThat(secret.path("optional").asBoolean(false)).as(what + ": the Secret is required (the CLI needs the file)").isFalse();
      secrets.add(namespace(workload) + "/" + secretName);
    }
    assertThat(secrets).as("one client Secret for all jobpipe containers").hasSize(1);
    return secrets;
  }

  @Test
  void everyJobpipeContainerReadsClientSecurityFromTheSecret() {
    assertThat(clientSecrets()).isNotEmpty();
  }

  /** The upper end of the worker's measured peak RSS in bench/RESULTS.md, in MiB. */
  static int measuredWorkerPeakRssMib() {
    Matcher m = Pattern.compile("worker memory: peak RSS under the I/O load \\| ([\\d,]+) MiB \\(([\\d,]+)[–-]([\\d,]+)\\)")
        .matcher(Repo.read(Repo.path("bench/RESULTS.md")));
    assertThat(m.find()).as("bench/RESULTS.md reports the worker's peak RSS").isTrue();
    return Integer.parseInt(m.group(3).replace(",", ""));
  }

  /** A Kubernetes memory quantity in MiB (Mi, Gi, M, G or plain bytes). */
  static double mib(String quantity) {
    Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|k|M|G)?").matcher(quantity);
    assertThat(m.matches()).as("memory quantity " + quantity).isTrue();
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2);
    return switch (unit) {
      case "Ki" -> n / 1024;
      case "Mi" -> n;
      case "Gi" -> n * 1024;
      case "k" -> n * 1000 / (1024 * 1024);
      case "M" -> n * 1e6 / (1024 * 1024);
      case "G" -> n * 1e9 / (1024 * 1024);
      default -> n / (1024 * 1024);
    };
  }

  @Test
  void workerMemoryHasHeadroomOverTheMeasuredRssAndTheHeapLeavesRoomForTheRest() {
    int rss = measuredWorkerPeakRssMib();
    Map<String, String> connection = connectionConfig();
    for (JsonNode worker : workers()) {
      JsonNode container = mainContainer(worker);
      String what = describe(worker);
      JsonNode resources = container.path("resources");
      double limit = mib(resources.path("limits").path("memory").asText());
      assertThat(mib(resources.path("requests").path("memory").asText())).as(what + " memory request = limit")
          .isEqualTo(limit);
      assertThat(limit).as(what + " memory limit (MiB) at least 1.5 x the measured peak RSS " + rss + " MiB")
          .isGreaterThanOrEqualTo(1.5 * rss);
      String options = Manifests.env(container).getOrDefault(JVM_OPTIONS,
          connection.getOrDefault(JVM_OPTIONS, ImageDefinitionTest.image().env().get(JVM_OPTIONS)));
      Matcher pct = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)").matcher(String.valueOf(options));
      assertThat(pct.find()).as(what + " " + JVM_OPTIONS + " sets -XX:MaxRAMPercentage: " + options).isTrue();
      double heap = limit * Double.parseDouble(pct.group(1)) / 100;
      assertThat(heap).as(what + " maximum heap (MiB)").isGreaterThanOrEqualTo(256);
      assertThat(limit - heap).as(what + " memory outside the heap (MiB): metaspace, code cache, stacks, buffers")
          .isGreaterThanOrEqualTo(256);
      assertThat(options).as(what + " exits on OutOfMemoryError").contains("-XX:+ExitOnOutOfMemoryError");
    }
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

  /** The variable of the image's JVM options (read by bin/jobpipe, the image's entry point). */
  private static final String JVM_OPTIONS = "JOBPIPE_JAVA_OPTS";

  private static boolean readByTheImage(String name) {
    return DeployFacts.connectionEnv().containsValue(name) || ImageDefinitionTest.launcherEnvironment().contains(name);
  }

  @Test
  void connectionSettingsUseTheCliEnvironmentNames() {
    Map<String, String> config = connectionConfig();
    assertThat(config.keySet()).containsAll(DeployFacts.connectionEnv().values());
    List<String> problems = new ArrayList<>();
    Set<String> configMaps = new HashSet<>();
    kind("ConfigMap").forEach(cm -> configMaps.add(namespace(cm) + "/" + name(cm)));
    config.keySet().stream().filter(k -> k.startsWith("JOBPIPE_") && !readByTheImage(k))
        .forEach(k -> problems.add("ConfigMap key " + k + " is no environment variable of the CLI or its launcher"));
    config.keySet().stream().filter(JavaCommand.CALLER_ONLY_ENVIRONMENT::contains)
        .forEach(k -> problems.add("ConfigMap key " + k + ": JVM options go in " + JVM_OPTIONS + ", which the image sets"));
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
          .filter(k -> k.startsWith("JOBPIPE_") && !readByTheImage(k))
          .forEach(k -> problems.add(describe(workload) + " sets " + k + ", which neither the CLI nor its launcher reads"));
      Manifests.env(container).keySet().stream().filter(JavaCommand.CALLER_ONLY_ENVIRONMENT::contains)
          .forEach(k -> problems.add(describe(workload) + " sets " + k + ": JVM options go in " + JVM_OPTIONS
              + " (the image sets it, and its options would override these)"));
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
