package dev.jobpipe.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.console.JobControl;
import dev.jobpipe.console.JobControlConfig;
import dev.jobpipe.console.JobControlException;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.control.Cancellation;
import dev.jobpipe.schemas.control.ControlState;
import dev.jobpipe.testkit.JobpipeStack;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The control client against the real broker: what it writes reads back, and a missing topic fails cleanly. */
class JobControlIT {

  private static JobpipeStack stack;
  private static JobControl control;

  @BeforeAll
  static void start() {
    stack = JobpipeStack.shared();
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(JobControlConfig.USER_CONFIG, "it-user");
    props.put(JobControlConfig.TIMEOUT_MS_CONFIG, 20_000L);
    control = JobControl.create(props).start();
  }

  @AfterAll
  static void stop() throws Exception {
    control.close();
    control.close();
    assertThat(control.awaitTermination(Duration.ofSeconds(1))).isTrue();
  }

  private static String newType() {
    String type = "control.client." + UUID.randomUUID().toString().substring(0, 8);
    stack.createTopic(JobTopics.of(type).control(), 1);
    return type;
  }

  @Test
  void pauseRateAndCancelReadBackWithWhoAndWhy() {
    String type = newType();
    control.pause(type, "deploy");
    control.rate(type, 25);
    Cancellation c = control.cancel(type, "job-1", "ops", "duplicate", Duration.ofHours(1));

    ControlState state = control.state(type);
    assertThat(state.paused()).isTrue();
    assertThat(state.pauseState().orElseThrow().by()).isEqualTo("it-user");
    assertThat(state.pauseState().orElseThrow().reason()).isEqualTo("deploy");
    assertThat(state.rateLimit()).hasValue(25.0);
    assertThat(state.cancellations()).containsEntry("job-1", c);

    control.resume(type);
    control.removeRate(type);
    state = control.state(type);
    assertThat(state.paused()).isFalse();
    assertThat(state.pauseState()).isPresent();
    assertThat(state.rateLimit()).isEmpty();
    assertThat(state.rateState()).isPresent();
  }

  @Test
  void aNewCancellationDeletesExpiredOnes() throws Exception {
    String type = newType();
    control.cancel(type, "old", "ops", null, Duration.ofSeconds(1));
    Thread.sleep(1_100); // the cancellation's own expiry: nothing to wait for but the clock
    control.cancel(type, "new", "ops", null, Duration.ofHours(1));
    assertThat(control.state(type).cancellations()).containsOnlyKeys("new");
  }

  @Test
  void aTypeWithoutAControlTopicFailsWithOneLineAndWritesNothing() {
    String type = "control.missing." + UUID.randomUUID().toString().substring(0, 8);
    assertThatThrownBy(() -> control.pause(type, null))
        .isInstanceOf(JobControlException.class)
        .hasMessageContaining("jobs." + type + ".control does not exist")
        .hasMessageContaining("topics apply");
    assertThatThrownBy(() -> control.state(type)).isInstanceOf(JobControlException.class);
  }

  @Test
  void badArgumentsFailBeforeAnythingIsWritten() {
    String type = newType();
    assertThatThrownBy(() -> control.rate(type, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> control.cancel(type, "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> control.pause("Bad Type", null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(control.state(type).idle()).isTrue();
  }
}
