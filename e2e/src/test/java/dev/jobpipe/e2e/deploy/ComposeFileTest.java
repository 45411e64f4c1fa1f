package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose/compose.yaml (which cannot run here: no Docker engine) is consistent with the code
 * and with the files it mounts: connection variables, ports, scrape targets, provisioning.
 */
class ComposeFileTest {

  static final String COMPOSE = "deploy/compose/compose.yaml";
  static final String PROMETHEUS = "deploy/prometheus/prometheus.yml";

  private static final Path COMPOSE_DIR = Repo.path(COMPOSE).getParent();
  private static final JsonNode FILE = Repo.yaml(Repo.path(COMPOSE));
  private static final JsonNode SERVICES = FILE.path("services");

  private static List<String> serviceNames() {
    List<String> names = new ArrayList<>();
    SERVICES.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Services running the jobpipe image, by name. */
  private static Map<String, JsonNode> jobpipeServices() {
    Map<String, JsonNode> out = new TreeMap<>();
    SERVICES.fields().forEachRemaining(f -> {
      if (f.getValue().path("image").asText().startsWith("jobpipe:")) {
        out.put(f.getKey(), f.getValue());
      }
    });
    return out;
  }

  private static String serviceWithImage(String imagePrefix) {
    List<String> found = new ArrayList<>();
    SERVICES.fields().forEachRemaining(f -> {
      if (f.getValue().path("image").asText().startsWith(imagePrefix)) {
        found.add(f.getKey());
      }
    });
    assertThat(found).as("one service running " + imagePrefix).hasSize(1);
    return found.get(0);
  }

  private static List<String> command(JsonNode service) {
    List<String> command = new ArrayList<>();
    assertThat(service.path("command").isArray()).as("command in exec (list) form").isTrue();
    service.path("command").forEach(c -> command.add(c.asText()));
    return command;
  }

  private static Map<String, String> environment(JsonNode service) {
    assertThat(service.path("environment").isObject()).as("environment as a map").isTrue();
    Map<String, String> env = new TreeMap<>();
    service.path("environment").fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
    return env;
  }

  /** Container ports a service publishes, as host port -> container port. */
  private static Map<Integer, Integer> ports(JsonNode service) {
    Map<Integer, Integer> ports = new TreeMap<>();
    for (JsonNode p : service.path("ports")) {
      String[] parts = p.asText().split(":");
      ports.put(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1]));
    }
    return ports;
  }

  /** Every --metrics-port of a compose service. */
  static Set<Integer> metricsPorts() {
    Set<Integer> ports = new TreeSet<>();
    jobpipeServices().values().forEach(s ->
        Manifests.option(command(s), "--metrics-port").map(Integer::parseInt).ifPresent(ports::add));
    return ports;
  }

  /** Command lines of every jobpipe service, for the CLI compatibility check. */
  static Map<String, List<String>> commandLines() {
    Map<String, List<String>> lines = new TreeMap<>();
    jobpipeServices().forEach((name, s) -> lines.put("compose " + name, command(s)));
    return lines;
  }

  /** A bind mount "source:target[:ro]" with the source resolved against the compose directory. */
  private record Mount(Path source, String target) {}

  private static List<Mount> mounts(JsonNode service) {
    List<Mount> mounts = new ArrayList<>();
    for (JsonNode v : service.path("volumes")) {
      String[] parts = v.asText().split(":");
      mounts.add(new Mount(COMPOSE_DIR.resolve(parts[0]).normalize(), parts[1]));
    }
    return mounts;
  }

  private static Optional<Path> mountedAt(JsonNode service, String target) {
    for (Mount m : mounts(service)) {
      if (target.equals(m.target())) {
        return Optional.of(m.source());
      }
      if (target.startsWith(m.target() + "/")) {
        return Optional.of(m.source().resolve(target.substring(m.target().length() + 1)));
      }
    }
    return Optional.empty();
  }

  @Test
  void jobpipeServicesBuildTheImageFromTheDockerfile() {
    assertThat(jobpipeServices().keySet()).contains("topics", "router", "worker-email-send");
    for (Map.Entry<String, JsonNode> service : jobpipeServices().entrySet()) {
      JsonNode s = service.getValue();
      assertThat(s.path("image").asText()).as(service.getKey()).isEqualTo(DeployFacts.image());
      Path context = COMPOSE_DIR.resolve(s.path("build").path("context").asText()).normalize();
      assertThat(context).as(service.getKey() + " build context is the repository").isEqualTo(Repo.root());
      assertThat(context.resolve(s.path("build").path("dockerfile").asText()).normalize())
          .isEqualTo(Repo.path(ImageDefinition.DOCKERFILE));
    }
  }

  @Test
  void jobpipeServicesConnectThroughTheCliEnvironmentVariables() {
    JsonNode kafka = SERVICES.path(serviceWithImage("apache/kafka:"));
    String registryName = serviceWithImage("apicurio/apicurio-registry");
    JsonNode registry = SERVICES.path(registryName);

    String internalBootstrap = null;
    for (String listener : environment(kafka).get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
      String address = listener.substring(listener.indexOf("://") + 3);
      if (address.startsWith(serviceWithImage("apache/kafka:") + ":")) {
        internalBootstrap = address;
      }
    }
    assertThat(internalBootstrap).as("an advertised listener on the kafka service name").isNotNull();

    for (Map.Entry<String, JsonNode> service : jobpipeServices().entrySet()) {
      Map<String, String> env = environment(service.getValue());
      assertThat(env.keySet()).as(service.getKey() + " environment")
          .containsExactlyInAnyOrderElementsOf(DeployFacts.connectionEnv().values());
      assertThat(env.get(DeployFacts.bootstrapEnv())).as(service.getKey()).isEqualTo(internalBootstrap);
      URI registryUrl = URI.create(env.get(DeployFacts.registryEnv()));
      assertThat(registryUrl.getHost()).isEqualTo(registryName);
      assertThat(ports(registry).values()).as("registry container port").contains(registryUrl.getPort());
      assertThat(registryUrl.getPath()).isEqualTo("/apis/ccompat/v7");
    }
  }

  @Test
  void hostPortsAreTheLocalStackDefaultsOfTheCli() {
    JsonNode kafka = SERVICES.path(serviceWithImage("apache/kafka:"));
    assertThat(environment(kafka).get("KAFKA_ADVERTISED_LISTENERS")).contains("://localhost:9092");
    assertThat(ports(kafka)).containsKey(9092);
    assertThat(dev.jobpipe.cli.ConnectionOptions.DEFAULT_BOOTSTRAP).isEqualTo("localhost:9092");
    JsonNode registry = SERVICES.path(serviceWithImage("apicurio/apicurio-registry"));
    assertThat(ports(registry)).containsKey(URI.create(dev.jobpipe.cli.ConnectionOptions.DEFAULT_REGISTRY).getPort());
  }

  @Test
  void imagesFollowTheVersionsTheBuildUses() {
    assertThat(SERVICES.path(serviceWithImage("apache/kafka:")).path("image").asText())
        .isEqualTo("apache/kafka:" + Repo.rootProperty("kafka.version"));
    assertThat(SERVICES.path(serviceWithImage("apicurio/apicurio-registry")).path("image").asText())
        .endsWith(":" + Repo.rootProperty("apicurio.version"));
  }

  @Test
  void prometheusScrapesEveryLongRunningServiceOnItsMetricsPort() {
    JsonNode prometheusService = SERVICES.path(serviceWithImage("prom/prometheus:"));
    Path config = mountedAt(prometheusService, "/etc/prometheus/prometheus.yml").orElseThrow();
    assertThat(config).isEqualTo(Repo.path(PROMETHEUS));
    JsonNode prometheus = Repo.yaml(config);

    Map<String, String> jobByTarget = new HashMap<>();
    Set<String> jobs = new TreeSet<>();
    for (JsonNode scrape : prometheus.path("scrape_configs")) {
      String job = scrape.path("job_name").asText();
      jobs.add(job);
      assertThat(scrape.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
      for (JsonNode sc : scrape.path("static_configs")) {
        sc.path("targets").forEach(t -> jobByTarget.put(t.asText(), job));
      }
    }
    assertThat(jobs).as("scrape jobs are the job labels the alert rules use").isEqualTo(PrometheusRulesTest.upJobs());

    Set<String> expectedTargets = new TreeSet<>();
    jobpipeServices().forEach((name, s) -> Manifests.option(command(s), "--metrics-port")
        .ifPresent(port -> expectedTargets.add(name + ":" + port)));
    assertThat(jobByTarget.keySet()).as("every --metrics-port is scraped, nothing else")
        .containsExactlyInAnyOrderElementsOf(expectedTargets);
    jobByTarget.forEach((target, job) -> {
      String subcommand = command(SERVICES.path(target.split(":")[0])).get(0);
      assertThat(job).as(target + " job").isEqualTo("jobpipe-" + subcommand);
    });

    for (JsonNode ruleFile : prometheus.path("rule_files")) {
      assertThat(mountedAt(prometheusService, ruleFile.asText())).as("rule file " + ruleFile.asText() + " mounted")
          .contains(Repo.path(PrometheusRulesTest.RULES));
    }
    assertThat(prometheus.path("rule_files").size()).isPositive();
  }

  @Test
  void grafanaProvisionsThePrometheusSourceAndTheDashboard() {
    String grafanaName = serviceWithImage("grafana/grafana:");
    JsonNode grafana = SERVICES.path(grafanaName);
    for (Mount m : mounts(grafana)) {
      assertThat(Files.exists(m.source())).as("mounted " + m.source()).isTrue();
    }
    Path datasources = mountedAt(grafana, "/etc/grafana/provisioning/datasources").orElseThrow();
    List<URI> urls = new ArrayList<>();
    try (var files = Files.list(datasources)) {
      files.forEach(f -> Repo.yaml(f).path("datasources").forEach(d -> {
        assertThat(d.path("type").asText()).isEqualTo("prometheus");
        urls.add(URI.create(d.path("url").asText()));
      }));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String prometheusName = serviceWithImage("prom/prometheus:");
    assertThat(urls).containsExactly(URI.create("http://" + prometheusName + ":9090"));
    assertThat(ports(SERVICES.path(prometheusName)).values()).contains(9090);

    Path providers = mountedAt(grafana, "/etc/grafana/provisioning/dashboards").orElseThrow();
    List<String> providerPaths = new ArrayList<>();
    try (var files = Files.list(providers)) {
      files.forEach(f -> Repo.yaml(f).path("providers").forEach(p -> {
        assertThat(p.path("type").asText()).isEqualTo("file");
        providerPaths.add(p.path("options").path("path").asText());
      }));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(providerPaths).as("one dashboard provider").hasSize(1);
    String dashboardInContainer = mounts(grafana).stream()
        .filter(m -> m.source().equals(Repo.path(GrafanaDashboardTest.DASHBOARD))).map(Mount::target)
        .findFirst().orElseThrow(() -> new AssertionError(GrafanaDashboardTest.DASHBOARD + " is not mounted"));
    assertThat(dashboardInContainer).as("dashboard inside the provider's path").startsWith(providerPaths.get(0) + "/");
    assertThat(environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")).isEqualTo(dashboardInContainer);
  }

  @Test
  void dependenciesNameExistingServices() {
    for (String name : serviceNames()) {
      JsonNode dependsOn = SERVICES.path(name).path("depends_on");
      List<String> deps = new ArrayList<>();
      if (dependsOn.isArray()) {
        dependsOn.forEach(d -> deps.add(d.asText()));
      } else {
        dependsOn.fieldNames().forEachRemaining(deps::add);
      }
      assertThat(serviceNames()).as(name + " depends_on").containsAll(deps);
    }
    for (String name : List.of("router", "worker-email-send")) {
      assertThat(SERVICES.path(name).path("depends_on").path("topics").path("condition").asText())
          .as(name + " starts after the topics exist").isEqualTo("service_completed_successfully");
    }
  }
}
