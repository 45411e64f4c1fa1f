package dev.jobpipe.testkit.internal;

import java.util.Properties;

/**
 * Which stack the tests of this JVM run against: the embedded one, or an external cluster named by
 * {@value #BOOTSTRAP_PROPERTY} and {@value #REGISTRY_PROPERTY}. Decided once, from system
 * properties, so that one flag on the Maven command line points every integration test elsewhere.
 */
public sealed interface StackMode {
  String BOOTSTRAP_PROPERTY = "jobpipe.test.bootstrap";
  String REGISTRY_PROPERTY = "jobpipe.test.registry";

  /** A broker and a registry of our own, started on free ports. */
  record Embedded() implements StackMode {}

  /** An existing cluster: nothing is started, and nothing can be stopped or cut. */
  record External(String bootstrapServers, String registryUrl) implements StackMode {}

  /**
   * The mode the properties ask for. Both external properties, or neither: one without the other
   * is a mistake (a test would write to one cluster and read schemas from another), and fails
   * naming the missing one.
   */
  static StackMode from(Properties properties) {
    String bootstrap = blankToNull(properties.getProperty(BOOTSTRAP_PROPERTY));
    String registry = blankToNull(properties.getProperty(REGISTRY_PROPERTY));
    if (bootstrap == null && registry == null) {
      return new Embedded();
    }
    if (bootstrap == null) {
      throw new IllegalStateException("-D" + REGISTRY_PROPERTY + " is set but -D" + BOOTSTRAP_PROPERTY
          + " is not: an external stack needs both (or neither, for the embedded one)");
    }
    if (registry == null) {
      throw new IllegalStateException("-D" + BOOTSTRAP_PROPERTY + " is set but -D" + REGISTRY_PROPERTY
          + " is not: an external stack needs both (or neither, for the embedded one)");
    }
    if (!registry.startsWith("http://") && !registry.startsWith("https://")) {
      throw new IllegalStateException("-D" + REGISTRY_PROPERTY + " must be an http(s) URL, got '" + registry + "'");
    }
    return new External(bootstrap, registry.endsWith("/") ? registry.substring(0, registry.length() - 1) : registry);
  }

  /** The mode of this JVM's system properties. */
  static StackMode fromSystemProperties() {
    return from(System.getProperties());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
