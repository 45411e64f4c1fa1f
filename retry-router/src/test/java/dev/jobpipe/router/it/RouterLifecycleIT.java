package dev.jobpipe.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.router.RetryRouter;
import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A started router: try-with-resources, close twice, awaitTermination after close. */
@ExtendWith(JobpipeStackExtension.class)
class RouterLifecycleIT {

  @TempDir
  Path stateDir;

  @Test
  void startedRouterClosesTwiceHarmlesslyAndAwaitTerminationReturnsAfterClose(JobpipeStack stack) throws Exception {
    RetryRouter router = RetryRouter.builder(new RouterConfig(
        RouterFixtures.routerProps(stack, RouterFixtures.uniqueType("lifecycle-it"), stateDir))).build();
    try (router) {
      router.start();
      assertThatThrownBy(router::start).isInstanceOf(IllegalStateException.class);
      await().atMost(Duration.ofSeconds(60)).until(() -> router.health().ready());
      assertThat(router.awaitTermination(Duration.ofMillis(50))).isFalse();
    }
    assertThat(router.awaitTermination(Duration.ofSeconds(30))).isTrue();
    router.close();
    assertThat(router.terminated()).isTrue();
    assertThat(router.failure()).isEmpty();
    assertThat(router.health().ready()).isFalse();
  }
}
