package dev.jobpipe.testkit;

import dev.jobpipe.deploy.local.ApicurioRegistry;
import dev.jobpipe.testkit.internal.EmbeddedStack;
import dev.jobpipe.testkit.internal.StackMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The real Kafka broker (KRaft) and Apicurio registry that integration tests run against: started
 * once per test JVM on free ports, or an external cluster when {@code -Djobpipe.test.bootstrap} and
 * {@code -Djobpipe.test.registry} are set. Use through {@link JobpipeStackExtension}.
 */
public final class JobpipeStack {
  private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);
  private static JobpipeStack shared;
  private static RuntimeException startFailure;

  private final String bootstrapServers;
  private final String registryUrl;
  private final EmbeddedStack embedded;
  private Admin admin;

  private JobpipeStack(String bootstrapServers, String registryUrl, EmbeddedStack embedded) {
    this.bootstrapServers = bootstrapServers;
    this.registryUrl = registryUrl;
    this.embedded = embedded;
  }

  /** The stack shared by every test of this JVM, started on first use, stopped at JVM exit. */
  public static synchronized JobpipeStack shared() {
    if (startFailure != null) {
      // one failed start per JVM: every later test fails at once with the first cause
      throw new IllegalStateException("the shared test stack failed to start: " + startFailure.getMessage(), startFailure);
    }
    if (shared == null) {
      try {
        shared = create(StackMode.fromSystemProperties());
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
    }
    return shared;
  }

  /** The shared stack if a test has asked for it already; never starts one. */
  static synchronized Optional<JobpipeStack> sharedIfStarted() {
    return Optional.ofNullable(shared);
  }

  /** A stack for {@code mode}; an embedded one is started now and stopped at JVM exit. */
  static JobpipeStack create(StackMode mode) {
    if (mode instanceof StackMode.External external) {
      return new JobpipeStack(external.bootstrapServers(), external.registryUrl(), null);
    }
    EmbeddedStack stack = EmbeddedStack.start();
    JobpipeStack result = new JobpipeStack(stack.broker().bootstrapServers(),
        "http://localhost:" + stack.registryProxy().port() + ApicurioRegistry.CCOMPAT_PATH, stack);
    Runtime.getRuntime().addShutdownHook(new Thread(result::shutdown, "jobpipe-stack-shutdown"));
    return result;
  }

  /**
   * At JVM exit: the data is thrown away, so the children get a short grace only. A graceful
   * broker shutdown on a loaded machine can outlast Surefire's 30 s exit timeout.
   */
  private void shutdown() {
    closeAdmin();
    embedded.stop(EXIT_GRACE);
  }

  private static final Duration EXIT_GRACE = Duration.ofSeconds(3);

  private synchronized void closeAdmin() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
      admin = null;
    }
  }

  /** Kafka bootstrap servers, e.g. {@code localhost:40123}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Base URL of the Confluent-compatible API, e.g. {@code http://localhost:40124/apis/ccompat/v7}.
   * On the embedded stack it goes through a proxy that {@link #cutRegistry()} cuts.
   */
  public String registryUrl() {
    return registryUrl;
  }

  /**
   * The registry's Confluent-compatible API without the proxy: unaffected by {@link
   * #cutRegistry()}, e.g. for a test's own checks while the code under test sees an outage. Equal
   * to {@link #registryUrl()} on an external cluster.
   */
  public String registryDirectUrl() {
    return embedded == null ? registryUrl : embedded.registry().confluentApiUrl();
  }

  /** Client properties with {@code bootstrap.servers} set, for building consumers, producers, admins. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }

  /** Creates a topic (replication 1) and waits until it is usable; a no-op if it exists. */
  public void createTopic(String name, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    Admin a = admin();
    try {
      a.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())))
          .all().get(TOPIC_READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("creating topic " + name + " took over " + TOPIC_READY_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
    awaitLeaders(a, name);
  }

  /**
   * Waits until the broker serves every partition of the topic: a leader in its metadata, and a
   * ListOffsets answer from that leader. The metadata names a leader before the broker has opened
   * the partition; an idempotent producer that writes in that window can have its first request
   * refused and a later one accepted first, and then retries OUT_OF_ORDER_SEQUENCE_NUMBER until its
   * delivery timeout (KAFKA-15591, Kafka 4.3): LedgerIT lost 90 s to it in a CI run.
   */
  private static void awaitLeaders(Admin a, String name) {
    long deadline = System.nanoTime() + TOPIC_READY_TIMEOUT.toNanos();
    Exception last = null;
    while (System.nanoTime() - deadline < 0) {
      try {
        TopicDescription d = a.describeTopics(List.of(name)).allTopicNames().get(5, TimeUnit.SECONDS).get(name);
        if (d != null && !d.partitions().isEmpty()
            && d.partitions().stream().map(TopicPartitionInfo::leader).allMatch(l -> l != null && !l.isEmpty())) {
          Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
          d.partitions().forEach(p -> ends.put(new TopicPartition(name, p.partition()), OffsetSpec.latest()));
          a.listOffsets(ends).all().get(5, TimeUnit.SECONDS);
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic " + name, e);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic " + name, e);
      }
    }
    throw new IllegalStateException("topic " + name + " is not served on every partition after "
        + TOPIC_READY_TIMEOUT.toSeconds() + " s", last);
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Map<String, Object> props = clientProperties();
      props.put(AdminClientConfig.CLIENT_ID_CONFIG, "jobpipe-test-kit");
      admin = Admin.create(props);
    }
    return admin;
  }

  /** Stops the broker process (data kept); unsupported on an external cluster. */
  public void stopBroker() {
    EmbeddedStack stack = requireEmbedded("stop the broker");
    closeAdmin(); // else it logs a reconnect warning every second until the broker is back
    stack.broker().stop();
  }

  /** Starts the broker again on the same port and data; waits until it answers. */
  public void startBroker() {
    try {
      requireEmbedded("start the broker").broker().start();
    } catch (RuntimeException e) {
      throw withLogTail(e);
    }
  }

  /** Whether the broker runs (always true on an external cluster, which we cannot see stopped). */
  public boolean brokerRunning() {
    return embedded == null || embedded.broker().isRunning();
  }

  /**
   * Makes the registry unreachable (connections refused) without losing its in-memory schemas: the
   * registry URL goes through a proxy the kit controls. {@link #restoreRegistry()} undoes it.
   */
  public void cutRegistry() {
    requireEmbedded("cut the registry").registryProxy().cut();
  }

  /** Makes the registry reachable again at the same URL after {@link #cutRegistry()}. */
  public void restoreRegistry() {
    requireEmbedded("restore the registry").registryProxy().restore();
  }

  /** Whether the registry is cut (never on an external cluster). */
  public boolean registryCut() {
    return embedded != null && embedded.registryProxy().isCut();
  }

  /** Whether this stack's processes are ours (embedded) and so can be stopped and cut. */
  public boolean embedded() {
    return embedded != null;
  }

  /**
   * Undoes what a failure test left behind: starts a stopped broker and restores a cut registry, so
   * the next test gets a working stack. {@link JobpipeStackExtension} calls it after each test.
   */
  public void heal() {
    if (embedded == null) {
      return;
    }
    restoreRegistry();
    if (!embedded.broker().isRunning()) {
      startBroker();
    }
  }

  private EmbeddedStack requireEmbedded(String action) {
    if (embedded == null) {
      throw new UnsupportedOperationException("cannot " + action + " of an external cluster (-D"
          + StackMode.BOOTSTRAP_PROPERTY + "=" + bootstrapServers + "): tests that need it should skip when "
          + "JobpipeStack.embedded() is false");
    }
    return embedded;
  }

  private static RuntimeException withLogTail(RuntimeException e) {
    return EmbeddedStack.withLogTail(e);
  }

  @Override
  public String toString() {
    return "JobpipeStack[" + (embedded == null ? "external" : "embedded") + ", kafka " + bootstrapServers
        + ", registry " + registryUrl + "]";
  }
}
