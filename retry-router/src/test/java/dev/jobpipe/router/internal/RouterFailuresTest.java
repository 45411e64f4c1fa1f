package dev.jobpipe.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class RouterFailuresTest {

  @Test
  void outageFailuresAreTransient() {
    assertThat(RouterFailures.isFatal(new MissingSourceTopicException("One or more source topics were missing during rebalance")))
        .isFalse();
    assertThat(RouterFailures.isFatal(new StreamsException("changelog",
        new TimeoutException("Topic x-changelog not present in metadata after 60000 ms.")))).isFalse();
    assertThat(RouterFailures.isFatal(new KafkaException("commit of forwarded retries timed out 5 times"))).isFalse();
  }

  @Test
  void refusalsAndDuplicateInstancesAreFatalAnywhereInTheChain() {
    assertThat(RouterFailures.isFatal(new StreamsException(new TopicAuthorizationException("denied")))).isTrue();
    assertThat(RouterFailures.isFatal(new SaslAuthenticationException("bad password"))).isTrue();
    assertThat(RouterFailures.isFatal(new KafkaException(new FencedInstanceIdException("router-0 is in use")))).isTrue();
  }

  @Test
  void describeNamesTheRootCause() {
    assertThat(RouterFailures.describe(new StreamsException("wrapped", new TimeoutException("no metadata"))))
        .isEqualTo("StreamsException (org.apache.kafka.common.errors.TimeoutException: no metadata)");
  }

  @Test
  void backoffDoublesToItsCapAndStartsAgainAfterAStableRun() {
    RestartBackoff backoff = new RestartBackoff();
    backoff.started(0);
    assertThat(backoff.next(10)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.next(20)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.next(30)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.next(40)).isEqualTo(RestartBackoff.MAX);
    assertThat(backoff.next(50)).isEqualTo(RestartBackoff.MAX);
    backoff.started(100);
    assertThat(backoff.next(100 + RestartBackoff.STABLE.toMillis())).isEqualTo(RestartBackoff.FIRST);
  }
}
