package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.deploy.local.DevStack;
import dev.jobpipe.deploy.local.JavaCommand;
import dev.jobpipe.deploy.local.StackSecurity;
import dev.jobpipe.deploy.local.internal.Dirs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobpipe.console.web.WebConsole;
import dev.jobpipe.examples.EmailSendHandler;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The secure stack ({@code jobpipe dev up --secure}: SASL/SCRAM-SHA-512 over TLS, the
 * StandardAuthorizer, a registry that demands tokens) with each component as its own principal
 * holding exactly the ACLs {@code jobpipe acls} grants: the pipeline works end to end (publisher,
 * worker and router processes, inspector) without a single denial in the broker's authorizer log,
 * and one step outside a component's set is refused. Then nothing the run printed or logged holds
 * a secret. The scheduler, the ledger and the console are refused in one line (or one answer)
 * before their ACLs exist, and work with exactly them after. One stack for the class, on free
 * ports, in a temporary project home that is deleted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureStackIT {
  private static final String TYPE = "email.send";
  private static final String OTHER_TYPE = "image.resize";
  private static final Duration LONG = Duration.ofSeconds(180);
  private static final Pattern DENIAL = Pattern.compile(
      "Principal = User:(" + String.join("|", StackSecurity.COMPONENTS) + ") is Denied.*");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path home;
  private String previousHome;
  private String bootstrap;
  private String registry;
  private Path secure;
  private final List<String> printed = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> processLogs = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private int badWorkerPort;
  private Path badWorkerLog;
  private Process badWorker;
  private int consolePort;
  private int ledgerPort;
  private final String consoleToken = UUID.randomUUID().toString();

  @BeforeAll
  void upSecure() throws IOException {
    home = Files.createTempDirectory("jobpipe-secure-it-");
    previousHome = System.getProperty(DevCommand.HOME_PROPERTY);
    System.setProperty(DevCommand.HOME_PROPERTY, home.toString());
    int kafkaPort = freePort();
    int registryPort = freePort();
    bootstrap = "localhost:" + kafkaPort;
    registry = "http://localhost:" + registryPort + "/apis/ccompat/v7";
    CliRun up = cli("dev", "up", "--secure", "--kafka-port", "" + kafkaPort, "--registry-port", "" + registryPort);
    assertThat(up.exitCode()).as("%s", up).isZero();
    secure = new DevStack(home).secureDir();
  }

  @AfterAll
  void down() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    try {
      new DevStack(home).down(true);
      keepProcessLogs();
      // the project home holds the dead stack's keys, passwords and tokens: nothing of it may outlive the test
      Dirs.deleteRecursively(home);
    } finally {
      if (previousHome == null) {
        System.clearProperty(DevCommand.HOME_PROPERTY);
      } else {
        System.setProperty(DevCommand.HOME_PROPERTY, previousHome);
      }
    }
  }

  @Test
  @Order(1)
  void upSaysWhereTheOwnerOnlyClientConfigsAreAndStatusSaysItIsSecure() throws IOException {
    CliRun status = cli("dev", "status");
    assertThat(status.exitCode()).as("%s", status).isZero();
    assertThat(status.out()).contains("SASL_SSL", secure.toString());
    assertThat(printed.getFirst()).contains(secure.resolve("admin.properties").toString(), "SASL_SSL");
    for (String user : java.util.stream.Stream.concat(java.util.stream.Stream.of("admin"), StackSecurity.COMPONENTS.stream()).toList()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secure.resolve(user + ".properties"))))
          .isEqualTo("rw-------");
    }
  }

  @Test
  @Order(2)
  void aWrongPasswordOrAMissingTokenIsRefused() throws Exception {
    Path bad = wrongPasswordConfig("admin");
    CliRun refused = cli("topics", "apply", "--type", TYPE, "--command-config", bad.toString());
    assertThat(refused.exitCode()).as("%s", refused).isNotZero();
    assertThat(refused.err().lines().filter(l -> !l.isBlank()).toList()).as("%s", refused).hasSize(1)
        .allSatisfy(line -> assertThat(line).containsIgnoringCase("authentication"));

    assertThat(get(registry + "/subjects", null)).isEqualTo(401);
    assertThat(get(registry + "/subjects", "Bearer " + clientConfig("admin").get("bearer.auth.token"))).isEqualTo(200);
  }

  @Test
  @Order(3)
  void withoutTheirAclsTheSchedulerAndLedgerStopInOneLineAndTheConsoleRefusesInOneAnswer() throws Exception {
    ok(cli("topics", "apply", "--type", TYPE, "--tiers", "1s", "--partitions", "2", "--command-config", config("admin")));
    ok(cli("topics", "apply", "--type", OTHER_TYPE, "--partitions", "1", "--command-config", config("admin")));
    Path schedulerLog = start("scheduler-no-acls", "scheduler", "--metrics-port", "0",
        "--state-dir", Files.createTempDirectory(home, "scheduler-state").toString(), "--command-config", config("scheduler"));
    Process scheduler = processes.getLast();
    Path ledgerLog = start("ledger-no-acls", "ledger", "--port", "0", "--types", TYPE.replace(".", "\\."),
        "--state-dir", Files.createTempDirectory(home, "ledger-state").toString(), "--command-config", config("ledger"));
    Process ledger = processes.getLast();
    startConsole();

    // not a hang: each ends by itself, non-zero, with one error line naming the refusal
    for (Process p : List.of(scheduler, ledger)) {
      assertThat(p.waitFor(LONG.toSeconds(), TimeUnit.SECONDS)).as("the component gave up by itself").isTrue();
      assertThat(p.exitValue()).isNotZero();
    }
    for (Path log : List.of(schedulerLog, ledgerLog)) {
      assertThat(lines(log).stream().filter(l -> l.startsWith("error: ")).toList()).as("%s", log).hasSize(1)
          .allSatisfy(l -> assertThat(l).containsIgnoringCase("authoriz"));
    }
    // the console serves, and says what the broker refused when asked to act
    await().atMost(LONG).pollInterval(Duration.ofMillis(500)).until(() ->
        get("http://localhost:" + consolePort + "/health/ready", null) == 200);
    HttpResponse<String> pause = console("POST", "/api/types/" + TYPE + "/pause", "{\"reason\":\"test\"}");
    assertThat(pause.statusCode()).as(pause.body()).isGreaterThanOrEqualTo(400);
    assertThat(JSON.readTree(pause.body()).path("error").asText()).containsIgnoringCase("authoriz");
  }

  @Test
  @Order(4)
  void eachComponentWorksWithExactlyItsAclsAndNoDenial() throws Exception {
    long logLinesBefore = brokerLog().size();
    ok(cli("acls", "--type", TYPE, "--publisher-principal", "User:publisher", "--schedule", "--worker-principal", "User:worker",
        "--router-principal", "User:router", "--inspector-principal", "User:inspector",
        "--scheduler-principal", "User:scheduler", "--ledger-principal", "User:ledger", "--console-principal", "User:console",
        "--apply", "--command-config", config("admin")));

    // the scheduler and the ledger first, alone: a cold JVM's first SASL_SSL call is slow on a loaded machine,
    // and the scheduler gives its start-up checks 30 s
    int schedulerPort = freePort();
    start("scheduler", "scheduler", "--metrics-port", "" + schedulerPort,
        "--state-dir", Files.createTempDirectory(home, "scheduler-state").toString(), "--command-config", config("scheduler"));
    start("ledger", "ledger", "--port", "" + ledgerPort, "--types", TYPE.replace(".", "\\."),
        "--state-dir", Files.createTempDirectory(home, "ledger-state").toString(), "--command-config", config("ledger"));
    Process schedulerProcess = processes.get(processes.size() - 2);
    await().atMost(LONG).pollInterval(Duration.ofMillis(500)).until(() -> {
      assertThat(schedulerProcess.isAlive()).as("the scheduler runs: %s", lines(processLogs.get(processLogs.size() - 2)))
          .isTrue();
      return get("http://localhost:" + schedulerPort + "/health/ready", null) == 200;
    });

    int routerPort = freePort();
    start("router", "router", "--default-tiers", "1s", "--max-attempts", "2",
        "--state-dir", Files.createTempDirectory(home, "router-state").toString(), "--metrics-port", "" + routerPort,
        "--command-config", config("router"));
    int workerPort = freePort();
    start("worker", "worker", "--type", TYPE, "--handler", EmailSendHandler.class.getName(),
        "--metrics-port", "" + workerPort, "--command-config", config("worker"));
    // checked by aWorkerWithAWrongPassword...: started now so that its start-up overlaps this test's
    badWorkerPort = freePort();
    badWorkerLog = start("worker-bad-password", "worker", "--type", TYPE, "--handler", EmailSendHandler.class.getName(),
        "--metrics-port", "" + badWorkerPort, "--command-config", wrongPasswordConfig("worker").toString());
    badWorker = processes.getLast();

    ok(cli("publish", "--type", TYPE, "--json", "{\"to\":\"a@example.com\",\"subject\":\"s\",\"body\":\"b\"}",
        "--count", "3", "--command-config", config("publisher")));
    ok(cli("publish", "--type", TYPE, "--json", "{\"to\":\"a" + EmailSendHandler.FLAKY_DOMAIN + "\",\"subject\":\"s\",\"body\":\"b\"}",
        "--count", "2", "--command-config", config("publisher")));
    ok(cli("publish", "--type", TYPE, "--json", "{\"to\":\"b" + EmailSendHandler.BOUNCE_DOMAIN + "\",\"subject\":\"s\",\"body\":\"b\"}",
        "--count", "2", "--command-config", config("publisher")));
    // one scheduled job: the publisher writes jobs.T.scheduled, the scheduler moves it to jobs.T when due
    ok(cli("publish", "--type", TYPE, "--json", "{\"to\":\"c@example.com\",\"subject\":\"s\",\"body\":\"b\"}",
        "--in", "2s", "--command-config", config("publisher")));

    // the flaky ones succeed on their retry (router: .failed -> tier -> jobs.T), the bounces end in the DLQ
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() ->
        metrics(workerPort).contains("jobpipe_jobs_total{outcome=\"succeeded\",type=\"" + TYPE + "\"} 6.0"));
    await().atMost(LONG).pollInterval(Duration.ofSeconds(3)).until(() -> {
      CliRun list = cli("dlq", "list", "--type", TYPE, "--json", "--command-config", config("inspector"));
      return list.exitCode() == 0 && list.out().lines().filter(l -> l.contains("EXHAUSTED")).count() == 2;
    });
    assertThat(get("http://localhost:" + workerPort + "/health/ready", null)).isEqualTo(200);
    assertThat(get("http://localhost:" + routerPort + "/health/ready", null)).isEqualTo(200);
    printed.add(metrics(workerPort));
    printed.add(metrics(routerPort));

    // the ledger folds every job of the type: 6 succeeded (one of them scheduled), 2 dead
    String jobs = "http://localhost:" + ledgerPort + "/jobs?type=" + TYPE + "&limit=100&state=";
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() ->
        jobCount(jobs + "SUCCEEDED") == 6 && jobCount(jobs + "DEAD") == 2);

    // the console (running since before its ACLs existed) now sees the type, acts on it and reads the DLQ and schedules
    await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() -> {
      JsonNode overview = JSON.readTree(console("GET", "/api/overview", null).body());
      return overview.path("problem").isNull() && overview.path("types").findValuesAsText("type").contains(TYPE)
          && deadLetters(overview) >= 2;
    });
    for (String action : List.of("pause", "resume")) {
      HttpResponse<String> done = console("POST", "/api/types/" + TYPE + "/" + action, "{\"reason\":\"test\"}");
      assertThat(done.statusCode()).as("%s: %s", action, done.body()).isEqualTo(200);
    }
    HttpResponse<String> letters = console("GET", "/api/types/" + TYPE + "/dead-letters", null);
    assertThat(letters.statusCode()).as(letters.body()).isEqualTo(200);
    assertThat(JSON.readTree(letters.body()).path("letters").size()).isEqualTo(2);
    HttpResponse<String> dryRun = console("POST", "/api/types/" + TYPE + "/dead-letters/replay", "{\"all\":true,\"dryRun\":true}");
    assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
    JsonNode schedules = JSON.readTree(console("GET", "/api/schedules?type=" + TYPE, null).body());
    assertThat(schedules.path("cronProblem").isNull()).as("%s", schedules).isTrue();
    assertThat(schedules.path("pendingProblem").isNull()).as("%s", schedules).isTrue();

    List<String> denials = brokerLog().stream().skip(logLinesBefore).filter(l -> DENIAL.matcher(l).find()).toList();
    assertThat(denials).as("every permission a component used was granted by jobpipe acls").isEmpty();
  }

  @Test
  @Order(5)
  void oneStepOutsideAComponentsAclsIsRefused() throws Exception {
    assertThat(writeRefused("publisher", "jobs." + TYPE + ".dlq")).as("a publisher cannot write a DLQ").isTrue();
    assertThat(readRefused("publisher", "jobs." + TYPE)).as("a publisher cannot read jobs").isTrue();
    assertThat(writeRefused("worker", "jobs." + TYPE)).as("a worker does not publish jobs").isTrue();
    assertThat(readRefused("worker", "jobs." + OTHER_TYPE)).as("a worker of one type cannot read another").isTrue();
    assertThat(readRefused("router", "jobs." + TYPE)).as("the router only writes jobs.T").isTrue();
    assertThat(writeRefused("inspector", "jobs." + TYPE)).as("a read-only inspector cannot write jobs").isTrue();
    assertThat(writeRefused("scheduler", "jobs." + TYPE + ".dlq")).as("the scheduler writes jobs.T only").isTrue();
    assertThat(writeRefused("ledger", "jobs." + TYPE)).as("the ledger writes nothing of the pipeline's").isTrue();
    assertThat(writeRefused("console", "jobs." + TYPE + ".dlq")).as("the console cannot write a DLQ").isTrue();

    CliRun replay = cli("dlq", "replay", "--type", TYPE, "--all", "--command-config", config("inspector"));
    assertThat(replay.exitCode()).as("%s", replay).isNotZero();
    assertThat(replay.err().lines().filter(l -> !l.isBlank()).toList()).as("%s", replay).hasSize(1)
        .allSatisfy(line -> assertThat(line).containsIgnoringCase("authoriz"));

    ok(cli("acls", "--type", TYPE, "--inspector-principal", "User:inspector", "--replay", "--apply",
        "--command-config", config("admin")));
    CliRun granted = cli("dlq", "replay", "--type", TYPE, "--all", "--command-config", config("inspector"));
    assertThat(granted.exitCode()).as("%s", granted).isZero();
    assertThat(granted.out()).contains("replayed 2 dead letters");
  }

  @Test
  @Order(6)
  void aWorkerWithAWrongPasswordStaysUpNotReadyAndSaysWhyInOneLine() throws Exception {
    int port = badWorkerPort;
    Path log = badWorkerLog;
    Process worker = badWorker;
    await().atMost(LONG).pollInterval(Duration.ofMillis(500)).until(() -> lines(log).stream()
        .anyMatch(l -> l.contains("WorkerRuntime") && l.contains("refused access")));
    // it keeps retrying, never ready, never exiting into a crash loop
    await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).until(() ->
        worker.isAlive() && get("http://localhost:" + port + "/health/ready", null) != 200);
    assertThat(get("http://localhost:" + port + "/health/live", null)).isEqualTo(200);
    assertThat(lines(log).stream().filter(l -> l.contains("WorkerRuntime") && l.contains("refused access")))
        .as("one line of ours, not one per retry").hasSize(1)
        .allSatisfy(l -> assertThat(l).contains("SaslAuthenticationException"));
    assertThat(lines(log).stream().filter(l -> l.contains(RefusedLoginFilter.AUTHENTICATION_FAILED)))
        .as("nor Kafka's NetworkClient error at every reconnect").isEmpty();
  }

  @Test
  @Order(7)
  void noSecretInAnythingTheRunPrintedOrLogged() throws IOException {
    printed.add(cli("dev", "status").out());
    List<String> secrets = secrets();
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(2 * StackSecurity.COMPONENTS.size());

    Map<String, String> outputs = new LinkedHashMap<>();
    for (int i = 0; i < printed.size(); i++) {
      outputs.put("cli output " + i, printed.get(i));
    }
    for (Path p : processLogs) {
      outputs.put(p.toString(), Files.readString(p));
    }
    Path state = home.resolve(DevStack.STATE_DIR);
    outputs.put("broker.log", Files.readString(state.resolve("kafka/broker.log")));
    outputs.put("registry.log", Files.readString(state.resolve("registry/registry.log")));
    assertThat(outputs.get("broker.log")).as("the broker log is the one this run wrote").contains("User:publisher");

    assertThat(leaks(outputs, secrets)).isEmpty();
    // the same search finds them where they are meant to be: it would catch a leak
    assertThat(leaks(Map.of("admin.properties", Files.readString(secure.resolve("admin.properties"))), secrets))
        .hasSize(2);
  }

  /** The components' own logs (searched for secrets by the test), kept under target/ to read after a failure. */
  private void keepProcessLogs() {
    try {
      Path kept = Files.createDirectories(Path.of("target", "secure-stack-it"));
      for (Path log : processLogs) {
        Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      System.err.println("could not keep the process logs: " + e);
    }
  }

  /** Which outputs hold which secret (by index, never the secret itself). */
  private static List<String> leaks(Map<String, String> outputs, List<String> secrets) {
    List<String> found = new ArrayList<>();
    outputs.forEach((name, text) -> {
      for (int i = 0; i < secrets.size(); i++) {
        if (text.contains(secrets.get(i))) {
          found.add(name + " holds secret #" + i);
        }
      }
    });
    return found;
  }

  /** Every password and token of the stack, read from its files. */
  private List<String> secrets() throws IOException {
    List<String> secrets = new ArrayList<>(load(secure.resolve("credentials.properties")).values());
    for (String user : StackSecurity.COMPONENTS) {
      secrets.add(clientConfig(user).get("bearer.auth.token"));
    }
    secrets.add(clientConfig("admin").get("bearer.auth.token"));
    return secrets;
  }

  private boolean writeRefused(String user, String topic) {
    Map<String, Object> props = kafkaProperties(user);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      Throwable t = catchThrowable(() -> producer.send(new ProducerRecord<>(topic, new byte[] {1})).get(60, TimeUnit.SECONDS));
      return refusedByAuthorizer(t);
    }
  }

  private boolean readRefused(String user, String topic) {
    Map<String, Object> props = kafkaProperties(user);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "jobpipe." + topic.substring("jobs.".length()));
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(new TopicPartition(topic, 0)));
      consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
      long deadline = System.nanoTime() + LONG.toNanos();
      while (System.nanoTime() < deadline) {
        Throwable t = catchThrowable(() -> consumer.poll(Duration.ofSeconds(1)));
        if (t != null) {
          return refusedByAuthorizer(t);
        }
      }
      return false;
    }
  }

  private static boolean refusedByAuthorizer(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AuthorizationException) {
        return true;
      }
    }
    return false;
  }

  private Map<String, Object> kafkaProperties(String user) {
    Map<String, Object> props = new HashMap<>(clientConfig(user));
    props.keySet().removeIf(k -> k.startsWith("bearer."));
    props.put("bootstrap.servers", bootstrap);
    return props;
  }

  private Path start(String name, String... args) throws IOException {
    Path log = home.resolve(name + ".log");
    ProcessBuilder command = JavaCommand.main(dev.jobpipe.cli.Jobpipe.class).jvmOptions(ComponentJvm.OPTIONS).args(args)
        .args("--bootstrap-servers", bootstrap, "--schema-registry", registry).toProcessBuilder();
    processes.add(command.redirectErrorStream(true).redirectOutput(log.toFile()).start());
    processLogs.add(log);
    return log;
  }

  /** The console as an operator with a bearer token, on a free port, started before its ACLs exist. */
  private void startConsole() throws IOException {
    consolePort = freePort();
    ledgerPort = freePort();
    Path users = home.resolve("console-users");
    Files.writeString(users, "ops:operator:" + WebConsole.hashToken(consoleToken) + "\n");
    start("console", "console", "--port", "" + consolePort, "--host", "127.0.0.1", "--users", users.toString(),
        "--ledger-url", "http://localhost:" + ledgerPort, "--command-config", config("console"));
  }

  private HttpResponse<String> console(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + consolePort + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + consoleToken)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    printed.add(response.body());
    return response;
  }

  /** The overview's DLQ size of the type: end minus start offset, so the router's transaction markers count too. */
  private static long deadLetters(JsonNode overview) {
    for (JsonNode type : overview.path("types")) {
      if (type.path("type").asText().equals(TYPE)) {
        return type.path("deadLetters").asLong(-1);
      }
    }
    return -1;
  }

  /** How many jobs the ledger lists at {@code url}; -1 while it does not answer. */
  private int jobCount(String url) throws InterruptedException {
    try {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return page.statusCode() == 200 ? JSON.readTree(page.body()).path("jobs").size() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!args[0].equals("dev")) {
      all.addAll(List.of("--bootstrap-servers", bootstrap, "--schema-registry", registry));
    }
    CliRun run = CliRun.of(all.toArray(String[]::new));
    printed.add(run.out() + run.err());
    return run;
  }

  private static void ok(CliRun run) {
    assertThat(run.exitCode()).as("%s", run).isZero();
  }

  private String config(String user) {
    return secure.resolve(user + ".properties").toString();
  }

  private Map<String, String> clientConfig(String user) {
    return load(secure.resolve(user + ".properties"));
  }

  private Path wrongPasswordConfig(String user) throws IOException {
    Path file = home.resolve(user + "-wrong-password.properties");
    Files.writeString(file, Files.readString(secure.resolve(user + ".properties"))
        .replaceAll("password=\\\\?\"[^\"\\\\]*\\\\?\"", "password=\"not-the-password\""));
    assertThat(Files.readString(file)).contains("not-the-password");
    return file;
  }

  private static Map<String, String> load(Path file) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
    return map;
  }

  private List<String> brokerLog() {
    return lines(home.resolve(DevStack.STATE_DIR).resolve("kafka/broker.log"));
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The process's metrics page; empty while it does not answer yet. */
  private String metrics(int port) throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    }
  }

  private int get(String url, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
