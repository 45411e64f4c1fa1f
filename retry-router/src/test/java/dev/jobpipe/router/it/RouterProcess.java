package dev.jobpipe.router.it;

import dev.jobpipe.router.RetryPolicies;
import dev.jobpipe.router.RetryRouter;
import dev.jobpipe.router.RouterConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * A router in a JVM of its own, for tests that kill it: {@code RouterProcess <key=value>...}
 * where keys are {@link RouterConfig} keys plus {@code tiers}. Prints {@code READY} once healthy.
 */
public final class RouterProcess {

  private RouterProcess() {}

  public static void main(String[] args) throws Exception {
    Map<String, Object> props = new HashMap<>();
    String tiers = "1s,2s";
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String key = arg.substring(0, eq);
      String value = arg.substring(eq + 1);
      if (key.equals("tiers")) {
        tiers = value;
      } else {
        props.put(key, value);
      }
    }
    RetryRouter router = RetryRouter.builder(new RouterConfig(props))
        .policies(RetryPolicies.parse(Map.of("policy.default.tiers", tiers)))
        .build();
    router.start();
    Runtime.getRuntime().addShutdownHook(new Thread(router::close));
    while (!router.health().ready()) {
      if (router.termination().isDone()) {
        router.termination().join();
      }
      Thread.sleep(50);
    }
    System.out.println("READY");
    System.out.flush();
    router.termination().join();
  }
}
