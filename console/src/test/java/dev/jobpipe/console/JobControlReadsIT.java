package dev.jobpipe.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How often {@link JobControl} reads control topics, counted through the constructor's consumer
 * seam: {@link JobControl#statuses} reads every type's with one consumer and folds each type's
 * records into its own state, as {@link JobControl#status} does one type at a time; {@link
 * JobControl#cancel} reads the topic (to delete expired cancellations) only when one may have expired.
 */
@ExtendWith(JobpipeStackExtension.class)
class JobControlReadsIT {

  @Test
  void oneConsumerReadsEveryTypesControlTopic(JobpipeStack stack) {
    String base = "statuses-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    String paused = base + ".paused";
    String limited = base + ".limited";
    String bare = base + ".bare";
    for (String type : List.of(paused, limited)) {
      stack.createTopic(JobTopics.of(type).main(), 2);
      stack.createTopic(JobTopics.of(type).control(), 1);
    }
    stack.createTopic(JobTopics.of(bare).main(), 3);
    AtomicInteger consumers = new AtomicInteger();
    try (JobControl control = counting(stack, consumers)) {
      control.pause(paused, "maintenance");
      control.rate(limited, 7);
      control.cancel(limited, "job-1");
      consumers.set(0);

      List<TypeStatus> all = control.statuses(List.of(paused, limited, bare), null);

      assertThat(consumers).as("one consumer for all the control topics").hasValue(1);
      assertThat(all).extracting(TypeStatus::type).containsExactly(paused, limited, bare);
      assertThat(all.get(0).control().paused()).isTrue();
      assertThat(all.get(0).control().pauseState().orElseThrow().reason()).isEqualTo("maintenance");
      assertThat(all.get(0).control().rateLimit()).isEmpty();
      assertThat(all.get(1).control().paused()).isFalse();
      assertThat(all.get(1).control().rateLimit()).hasValue(7);
      assertThat(all.get(1).control().cancellations()).containsOnlyKeys("job-1");
      assertThat(all.get(2).control().idle()).as("no control topic").isTrue();
      assertThat(all).extracting(TypeStatus::partitions).containsExactly(2, 2, 3);
      assertThat(all).extracting(TypeStatus::group)
          .containsExactly(JobTopics.of(paused).workerGroup(), JobTopics.of(limited).workerGroup(),
              JobTopics.of(bare).workerGroup());
      for (TypeStatus s : all) {
        TypeStatus one = control.status(s.type(), null);
        assertThat(one.control().toString()).as("status of %s alone", s.type()).isEqualTo(s.control().toString());
      }

      consumers.set(0);
      assertThatThrownBy(() -> control.statuses(List.of(paused, base + ".absent"), null))
          .isInstanceOf(JobControlException.class)
          .hasMessage("topic jobs." + base + ".absent does not exist: create it with 'jobpipe topics apply --type "
              + base + ".absent'");
      assertThat(consumers).as("nothing read before the check").hasValue(0);
    }
  }

  @Test
  void cancelReadsTheTopicOnlyWhenAKnownCancellationMayHaveExpired(JobpipeStack stack) throws Exception {
    String type = "sweep-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    stack.createTopic(JobTopics.of(type).control(), 1);
    AtomicInteger consumers = new AtomicInteger();
    try (JobControl control = counting(stack, consumers)) {
      control.cancel(type, "a", "ops", null, Duration.ofHours(1));
      control.cancel(type, "b", "ops", null, Duration.ofHours(1));
      control.cancel(type, "short", "ops", null, Duration.ofMillis(800));
      assertThat(consumers).as("read once, by the first cancel").hasValue(1);

      Thread.sleep(900); // the cancellation's own expiry: nothing to wait for but the clock
      control.cancel(type, "c", "ops", null, Duration.ofHours(1));
      assertThat(consumers).as("read again once 'short' may have expired").hasValue(2);
      assertThat(control.state(type).cancellations()).containsOnlyKeys("a", "b", "c");
    }
  }

  private static JobControl counting(JobpipeStack stack, AtomicInteger consumers) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(JobControlConfig.USER_CONFIG, "it-user");
    return new JobControl(new JobControlConfig(props), Clock.systemUTC(), p -> {
      consumers.incrementAndGet();
      return new KafkaConsumer<>(p);
    });
  }
}
