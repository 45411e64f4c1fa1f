package dev.jobpipe.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.reliability.harness.Behavior;
import dev.jobpipe.reliability.harness.CliResult;
import dev.jobpipe.reliability.harness.Figures;
import dev.jobpipe.reliability.harness.RecordingHandler;
import dev.jobpipe.reliability.harness.Scenario;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario 8: bad input to every subcommand (unknown type, malformed JSON, bad duration,
 * unreachable broker, missing handler class, and more) ends with one error line, a non-zero exit
 * code and nothing written: no topic created, no record added to any topic of the type, no
 * consumer group created. Cases whose behavior depends on the process (logging to stderr, clients
 * connecting, System.exit) run the real {@code jobpipe} as a child JVM; pure parsing cases run the
 * same command line in-process, which is equivalent and much faster.
 */
@ExtendWith(JobpipeStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadCliInputIT {

  /** A port nothing listens on: connections are refused at once. */
  private static final String UNREACHABLE = "localhost:1";
  private static final String GOOD_JSON = "{\"to\":\"a@example.com\",\"subject\":\"s\",\"body\":\"b\"}";
  private static final AtomicInteger CHILD_RUNS = new AtomicInteger();
  private static final AtomicInteger IN_PROCESS_RUNS = new AtomicInteger();

  private Scenario scenario;
  private Admin admin;
  private String type;
  private String suffix;
  private Path files;

  @BeforeAll
  void setUp(JobpipeStack stack) throws IOException {
    scenario = new Scenario(stack, "bad-cli");
    scenario.applyTopics(2, "1s");
    scenario.publish(3, i -> Behavior.OK);
    type = scenario.type();
    suffix = type.substring(type.lastIndexOf('.') + 1);
    admin = Admin.create(stack.clientProperties());
    files = Files.createDirectories(scenario.directory().resolve("inputs"));
    Files.writeString(files.resolve("bad-first-line.jsonl"), "{\"to\": \n" + GOOD_JSON + "\n");
    Files.writeString(files.resolve("bad-policy.properties"), "policy.default.tiers=soon\n");
    Files.writeString(files.resolve("unknown-key-policy.properties"), "policy.default.max.atempts=3\n");
  }

  @AfterAll
  void tearDown() {
    Figures.of("bad-cli").put("cases", CHILD_RUNS.get() + IN_PROCESS_RUNS.get()).put("childProcesses", CHILD_RUNS.get())
        .put("inProcess", IN_PROCESS_RUNS.get()).write();
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    if (scenario != null) {
      scenario.close();
    }
  }

  /** How a case is run. */
  enum Mode { CHILD, IN_PROCESS }

  /** {@code T} stands for the prepared type, {@code NEW} for a fresh unknown type, {@code DIR} for the input files. */
  Stream<Arguments> cases() {
    return Stream.of(
        // publish
        c("publish: unknown type", Mode.CHILD, "publish", "--type", "rel.nosuch.NEW", "--json", GOOD_JSON, "--timeout", "10s"),
        c("publish: malformed JSON", Mode.IN_PROCESS, "publish", "--type", "T", "--json", "{\"to\": \"a\","),
        c("publish: JSON not of the schema", Mode.IN_PROCESS, "publish", "--type", "T", "--json", "{\"to\": 5}"),
        c("publish: invalid type name", Mode.IN_PROCESS, "publish", "--type", "Bad Type!", "--json", GOOD_JSON),
        c("publish: bad duration", Mode.IN_PROCESS, "publish", "--type", "T", "--json", GOOD_JSON, "--timeout", "soon"),
        c("publish: count 0", Mode.IN_PROCESS, "publish", "--type", "T", "--json", GOOD_JSON, "--count", "0"),
        c("publish: file with a bad first line", Mode.IN_PROCESS, "publish", "--type", "T", "--file", "DIR/bad-first-line.jsonl"),
        c("publish: missing file", Mode.IN_PROCESS, "publish", "--type", "T", "--file", "DIR/none.jsonl"),
        c("publish: unreachable broker", Mode.CHILD, "publish", "--type", "T", "--json", GOOD_JSON, "--timeout", "2s",
            "--bootstrap-servers", UNREACHABLE),
        c("publish: unknown option", Mode.CHILD, "publish", "--type", "T", "--jsn", GOOD_JSON),
        // topics apply
        c("topics apply: bad duration", Mode.IN_PROCESS, "topics", "apply", "--type", "rel.badtiers.NEW", "--tiers", "5s,banana"),
        c("topics apply: invalid type name", Mode.IN_PROCESS, "topics", "apply", "--type", "UPPER.case"),
        c("topics apply: zero partitions", Mode.IN_PROCESS, "topics", "apply", "--type", "rel.zero.NEW", "--partitions", "0"),
        c("topics apply: shrink partitions", Mode.IN_PROCESS, "topics", "apply", "--type", "T", "--partitions", "1", "--tiers", "1s"),
        c("topics apply: unreachable broker", Mode.CHILD, "topics", "apply", "--type", "rel.unreach.NEW", "--timeout", "2s",
            "--bootstrap-servers", UNREACHABLE),
        // worker
        c("worker: missing handler class", Mode.CHILD, "worker", "--type", "T", "--handler", "com.example.NoSuchHandler",
            "--metrics-port", "0"),
        c("worker: class that is no handler", Mode.IN_PROCESS, "worker", "--type", "T", "--handler", "java.lang.String",
            "--metrics-port", "0"),
        c("worker: unknown type", Mode.CHILD, "worker", "--type", "rel.nosuch.NEW", "--handler", RecordingHandler.class.getName(),
            "--metrics-port", "0"),
        c("worker: invalid type name", Mode.IN_PROCESS, "worker", "--type", "Bad!", "--handler", RecordingHandler.class.getName()),
        c("worker: bad duration", Mode.IN_PROCESS, "worker", "--type", "T", "--handler", RecordingHandler.class.getName(),
            "--job-timeout", "forever"),
        c("worker: zero concurrency", Mode.IN_PROCESS, "worker", "--type", "T", "--handler", RecordingHandler.class.getName(),
            "--concurrency", "0"),
        c("worker: bad ordering", Mode.IN_PROCESS, "worker", "--type", "T", "--handler", RecordingHandler.class.getName(),
            "--ordering", "random"),
        // router
        c("router: bad duration", Mode.IN_PROCESS, "router", "--default-tiers", "5s,banana", "--metrics-port", "0"),
        c("router: invalid policy value", Mode.IN_PROCESS, "router", "--policy-file", "DIR/bad-policy.properties"),
        c("router: unknown policy key", Mode.IN_PROCESS, "router", "--policy-file", "DIR/unknown-key-policy.properties"),
        c("router: missing policy file", Mode.IN_PROCESS, "router", "--policy-file", "DIR/none.properties"),
        c("router: zero max attempts", Mode.IN_PROCESS, "router", "--max-attempts", "0"),
        // dlq
        c("dlq list: unknown type", Mode.CHILD, "dlq", "list", "--type", "rel.nosuch.NEW"),
        c("dlq list: bad time", Mode.IN_PROCESS, "dlq", "list", "--type", "T", "--since", "yesterday-ish"),
        c("dlq stats: unreachable broker", Mode.CHILD, "dlq", "stats", "--type", "T", "--bootstrap-servers", UNREACHABLE),
        c("dlq replay: bad rate", Mode.IN_PROCESS, "dlq", "replay", "--type", "T", "--all", "--rate", "fast"),
        c("dlq purge: bad offset or time", Mode.IN_PROCESS, "dlq", "purge", "--type", "T", "--before", "banana", "--yes"),
        // replay
        c("replay: unknown topic", Mode.CHILD, "replay", "--topic", "jobs.rel.nosuch.NEW", "--from", "0"),
        c("replay: bad start", Mode.IN_PROCESS, "replay", "--topic", "jobs.T", "--from", "the-beginning"),
        c("replay: unreachable broker", Mode.CHILD, "replay", "--topic", "jobs.T", "--from", "0", "--bootstrap-servers",
            UNREACHABLE),
        // root
        c("unknown subcommand", Mode.IN_PROCESS, "frobnicate"));
  }

  private static Arguments c(String name, Mode mode, String... args) {
    return Arguments.of(name, mode, List.of(args));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputFailsWithOneLineAndWritesNothing(String name, Mode mode, List<String> template) throws Exception {
    List<String> args = new ArrayList<>();
    for (String a : template) {
      args.add(a.equals("T") ? type
          : a.replace("jobs.T", "jobs." + type).replace("NEW", suffix).replace("DIR", files.toString()));
    }
    if (!args.contains("--bootstrap-servers") && !args.getFirst().equals("frobnicate")) {
      args.addAll(scenario.fleet().connection());
    }
    Snapshot before = snapshot();
    CliResult result = mode == Mode.CHILD
        ? scenario.fleet().runCli(Duration.ofSeconds(45), args)
        : Scenario.runCliInProcess(args);
    (mode == Mode.CHILD ? CHILD_RUNS : IN_PROCESS_RUNS).incrementAndGet();
    Snapshot after = snapshot();

    assertThat(result.exitCode()).as("exit code of %s", result).isNotZero();
    List<String> errorLines = result.errLines().stream().filter(l -> l.startsWith("error:")).toList();
    assertThat(errorLines).as("error lines of %s", result).hasSize(1);
    assertThat(result.errLines()).as("stderr of %s: the error line and at most a --help hint", result)
        .allMatch(l -> l.startsWith("error:") || l.startsWith("try '"));
    assertThat(result.out() + result.err()).as("output of %s", result).doesNotContain("\tat ", "Exception in thread");
    assertThat(after).as("what the cluster holds after %s", result).isEqualTo(before);
  }

  /** Every topic name, the end offsets of the prepared type's topics, every consumer group. */
  record Snapshot(Set<String> topics, Map<String, Long> endOffsets, Set<String> groups) {}

  private Snapshot snapshot() throws Exception {
    Set<String> topics = new TreeSet<>(admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
        .get(30, TimeUnit.SECONDS));
    Map<String, Long> ends = new TreeMap<>();
    for (String topic : topics) {
      if (topic.startsWith(scenario.topics().main())) {
        Map<TopicPartition, Long> offsets = scenario.reader().endOffsets(topic);
        offsets.forEach((tp, o) -> ends.put(tp.toString(), o));
      }
    }
    Set<String> groups = new TreeSet<>();
    for (GroupListing g : admin.listGroups().all().get(30, TimeUnit.SECONDS)) {
      groups.add(g.groupId());
    }
    return new Snapshot(topics, ends, groups);
  }
}
