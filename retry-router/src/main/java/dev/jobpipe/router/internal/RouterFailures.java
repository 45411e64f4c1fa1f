package dev.jobpipe.router.internal;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The router's one rule for which failures end it. A failure the router cannot cure by trying
 * again — refused credentials or ACLs, a second process with the same instance id, a broker too old
 * or a bad configuration — is fatal: the router stops and says why. Everything else (a broker
 * outage and its timeouts, a rebalance that found source topics missing right after the broker's
 * return, a changelog not yet in metadata) is transient: the part that failed is restarted with
 * backoff, and the transactions make the restart lose or double nothing.
 */
public final class RouterFailures {

  private RouterFailures() {}

  /** Whether {@code failure}, or any cause in its chain, is one that a restart cannot cure. */
  public static boolean isFatal(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AuthenticationException || t instanceof AuthorizationException
          || t instanceof FencedInstanceIdException || t instanceof ProducerFencedException
          || t instanceof UnsupportedVersionException || t instanceof SecurityDisabledException
          || t instanceof InvalidConfigurationException || t instanceof ConfigException
          || t instanceof VirtualMachineError) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message of the chain, for a one-line log: what went wrong, not where. */
  public static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == failure ? failure.toString() : failure.getClass().getSimpleName() + " (" + root + ")";
  }
}
