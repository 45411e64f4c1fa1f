package dev.jobpipe.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: {@code @ExtendWith(JobpipeStackExtension.class)} and take a
 * {@link JobpipeStack} as a test, constructor or lifecycle-method parameter. After each test it
 * {@linkplain JobpipeStack#heal() heals} the shared stack, so a failure test that stopped the broker
 * or cut the registry (and failed before undoing it) cannot break the tests after it.
 */
public final class JobpipeStackExtension implements ParameterResolver, AfterEachCallback {
  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == JobpipeStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return JobpipeStack.shared();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    JobpipeStack.sharedIfStarted().ifPresent(JobpipeStack::heal);
  }
}
