package dev.jobpipe.test;

import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for a service's tests against a real Kafka broker (KRaft) and Apicurio
 * registry: {@code @ExtendWith(JobpipeExtension.class)}. Before the first test of a class it starts
 * the stack of this test JVM (once per JVM, stopped at exit), laid out from the Maven coordinates
 * this jobpipe version was built with: taken from the local Maven repository or downloaded from
 * Maven Central on first use, then cached (see {@code dev.jobpipe.deploy.local.StackLayout}). No
 * jobpipe checkout and no Docker are needed.
 *
 * <p>It publishes the stack's addresses as the system properties {@value #BOOTSTRAP_SERVERS_PROPERTY}
 * and {@value #SCHEMA_REGISTRY_URL_PROPERTY} (unless already set), which are the Spring Boot
 * starter's {@code jobpipe.*} settings: a {@code @SpringBootTest} needs no further wiring. Tests
 * may take the {@link JobpipeStack} as a parameter (addresses, {@code createTopic}, failure
 * injection). With {@code -Djobpipe.test.bootstrap=HOST:PORT -Djobpipe.test.registry=URL} the
 * tests run against that external cluster instead and nothing is started.
 */
public final class JobpipeExtension implements BeforeAllCallback, ParameterResolver, AfterEachCallback {
  /** System property set to the stack's Kafka bootstrap servers. */
  public static final String BOOTSTRAP_SERVERS_PROPERTY = "jobpipe.bootstrap-servers";
  /** System property set to the stack's Confluent-compatible registry URL. */
  public static final String SCHEMA_REGISTRY_URL_PROPERTY = "jobpipe.schema-registry-url";

  private final JobpipeStackExtension stacks = new JobpipeStackExtension();

  @Override
  public void beforeAll(ExtensionContext context) {
    JobpipeStack stack = JobpipeStack.shared();
    publish(BOOTSTRAP_SERVERS_PROPERTY, stack.bootstrapServers());
    publish(SCHEMA_REGISTRY_URL_PROPERTY, stack.registryUrl());
  }

  private static synchronized void publish(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return stacks.supportsParameter(parameterContext, extensionContext);
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return stacks.resolveParameter(parameterContext, extensionContext);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    stacks.afterEach(context);
  }
}
