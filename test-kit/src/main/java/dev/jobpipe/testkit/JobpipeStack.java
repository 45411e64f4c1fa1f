package dev.jobpipe.testkit;

import java.util.Map;

/**
 * The real Kafka broker (KRaft) and Apicurio registry that integration tests run against: started
 * once per test JVM on free ports, or an external cluster when {@code -Djobpipe.test.bootstrap} and
 * {@code -Djobpipe.test.registry} are set. Use through {@link JobpipeStackExtension}.
 */
public final class JobpipeStack {

  /** The stack shared by every test of this JVM, started on first use, stopped at JVM exit. */
  public static JobpipeStack shared() {
    throw new UnsupportedOperationException("pending: test-kit");
  }

  /** Kafka bootstrap servers, e.g. {@code localhost:40123}. */
  public String bootstrapServers() {
    throw new UnsupportedOperationException("pending");
  }

  /** Base URL of the Confluent-compatible API, e.g. {@code http://localhost:40124/apis/ccompat/v7}. */
  public String registryUrl() {
    throw new UnsupportedOperationException("pending");
  }

  /** Client properties with {@code bootstrap.servers} set, for building consumers, producers, admins. */
  public Map<String, Object> clientProperties() {
    throw new UnsupportedOperationException("pending");
  }

  /** Creates a topic (replication 1) and waits until it is usable; a no-op if it exists. */
  public void createTopic(String name, int partitions) {
    throw new UnsupportedOperationException("pending");
  }

  /** Stops the broker process (data kept); unsupported on an external cluster. */
  public void stopBroker() {
    throw new UnsupportedOperationException("pending");
  }

  /** Starts the broker again on the same port and data; waits until it answers. */
  public void startBroker() {
    throw new UnsupportedOperationException("pending");
  }

  /**
   * Makes the registry unreachable (connections refused) without losing its in-memory schemas: the
   * registry URL goes through a proxy the kit controls. {@link #restoreRegistry()} undoes it.
   */
  public void cutRegistry() {
    throw new UnsupportedOperationException("pending");
  }

  public void restoreRegistry() {
    throw new UnsupportedOperationException("pending");
  }

  /** Whether this stack's processes are ours (embedded) and so can be stopped and cut. */
  public boolean embedded() {
    throw new UnsupportedOperationException("pending");
  }
}
