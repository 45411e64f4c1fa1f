package dev.jobpipe.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle every jobpipe component shares, on a router that never reaches a cluster; a started
 * router's is in {@code it.RouterLifecycleIT}.
 */
class RetryRouterLifecycleTest {

  @TempDir
  Path stateDir;

  private RetryRouter router() {
    return RetryRouter.builder(new RouterConfig(Map.of(
        "bootstrap.servers", "localhost:1",
        RouterConfig.APPLICATION_ID_CONFIG, "lifecycle-test",
        RouterConfig.STATE_DIR_CONFIG, stateDir.toString()))).build();
  }

  @Test
  void aRouterThatNeverStartedClosesAtOnceAndCannotStartAfterwards() throws Exception {
    RetryRouter router = router();
    router.close();
    router.close();
    assertThat(router.awaitTermination(Duration.ZERO)).isTrue();
    assertThatThrownBy(router::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("lifecycle-test");
  }
}
