package dev.jobpipe.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.console.JobControl;
import dev.jobpipe.console.JobControlConfig;
import dev.jobpipe.console.JobControlException;
import dev.jobpipe.console.TypeStatus;
import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.offsets.OffsetMarks;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The counts behind {@code jobpipe status} and the console's overview, from offsets laid out by
 * hand: lag from the commits (never below the log start), in flight from the commit marks, retry
 * occupancy behind the forwarder group, dead letters between log start and end.
 */
@ExtendWith(JobpipeStackExtension.class)
class TypeLoadsIT {

  @Test
  void countsEachTypeFromItsOffsetsCommitsAndMarks(JobpipeStack stack) throws Exception {
    String type = "loads-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    JobTopics t = JobTopics.of(type);
    String routerAppId = "it-router-" + type;
    String forwarders = RouterConfig.forwarderGroupId(routerAppId);
    stack.createTopic(t.main(), 2);
    stack.createTopic(t.done(), 1);
    stack.createTopic(t.dlq(), 1);
    stack.createTopic(t.retry(Duration.ofSeconds(5)), 1);
    stack.createTopic(t.retry(Duration.ofMinutes(1)), 1);
    try (Admin admin = Admin.create(stack.clientProperties());
         KafkaProducer<byte[], byte[]> producer = producer(stack)) {
      write(producer, t.main(), 0, 10);
      write(producer, t.main(), 1, 6);
      write(producer, t.done(), 0, 7);
      write(producer, t.dlq(), 0, 4);
      // the router writes dead letters in transactions: each commit marker takes an offset too
      try (KafkaProducer<byte[], byte[]> router = transactional(stack, "it-router-" + type)) {
        router.initTransactions();
        for (int i = 0; i < 2; i++) {
          router.beginTransaction();
          router.send(new ProducerRecord<>(t.dlq(), 0, null, new byte[] {9})).get(30, TimeUnit.SECONDS);
          router.commitTransaction();
        }
        router.beginTransaction();
        router.send(new ProducerRecord<>(t.dlq(), 0, null, new byte[] {8})).get(30, TimeUnit.SECONDS);
        router.abortTransaction();
      }
      write(producer, t.retry(Duration.ofSeconds(5)), 0, 5);
      write(producer, t.retry(Duration.ofMinutes(1)), 0, 3);
      // the worker committed 4 on partition 0 and marked 5 and 7 done above it: 6 and 4 still run
      BitSet done = new BitSet();
      done.set(1);
      done.set(3);
      admin.alterConsumerGroupOffsets(t.workerGroup(), Map.of(new TopicPartition(t.main(), 0),
          new OffsetAndMetadata(4, OffsetMarks.of(4, 4, done).encode(OffsetMarks.WORKER_TAG)))).all().get(30, TimeUnit.SECONDS);
      admin.alterConsumerGroupOffsets(forwarders, Map.of(new TopicPartition(t.retry(Duration.ofSeconds(5)), 0), new OffsetAndMetadata(2)))
          .all().get(30, TimeUnit.SECONDS);
      // retention took the first two records of main partition 1 (never committed) and a dead letter
      admin.deleteRecords(Map.of(new TopicPartition(t.main(), 1), RecordsToDelete.beforeOffset(2),
          new TopicPartition(t.dlq(), 0), RecordsToDelete.beforeOffset(1))).all().get(30, TimeUnit.SECONDS);

      TypeLoads loads = new TypeLoads(admin, stack.clientProperties(), Duration.ofSeconds(20), forwarders);
      Map<String, TypeLoads.Load> read = loads.read(Map.of(type, t.workerGroup(), "absent-" + type, "g"), loads.topics());

      assertThat(read).containsOnlyKeys(type);
      TypeLoads.Load l = read.get(type);
      assertThat(l.partitions()).isEqualTo(2);
      assertThat(l.published()).isEqualTo(16);
      assertThat(l.succeeded()).isEqualTo(7);
      assertThat(l.failed()).as("no failed topic").isEqualTo(-1);
      assertThat(l.lag()).as("6 above the commit on partition 0, 4 from the log start on partition 1").isEqualTo(10);
      assertThat(l.inFlight()).isEqualTo(2);
      assertThat(l.group()).isEqualTo(t.workerGroup());
      assertThat(l.groupState()).isEqualTo("EMPTY");
      assertThat(l.members()).isEmpty();
      assertThat(l.retrying()).containsExactly(Map.entry("5s", 3L), Map.entry("1m", 3L));
      assertThat(l.deadLetters()).as("3 written plainly (one of 4 deleted), 2 committed, 1 aborted").isEqualTo(5);
      write(producer, t.dlq(), 0, 1);
      assertThat(loads.readAll().get(type).deadLetters()).as("counted on from where the last count stopped").isEqualTo(6);
      admin.deleteRecords(Map.of(new TopicPartition(t.dlq(), 0), RecordsToDelete.beforeOffset(2)))
          .all().get(30, TimeUnit.SECONDS);
      assertThat(loads.readAll().get(type).deadLetters()).as("recounted after the log start moved").isEqualTo(5);
      loads.close();

      Map<String, Object> props = new HashMap<>(stack.clientProperties());
      props.put(JobControlConfig.USER_CONFIG, "it-user");
      props.put(JobControlConfig.ROUTER_APPLICATION_ID_CONFIG, routerAppId);
      try (JobControl control = JobControl.create(props).start()) {
        TypeStatus s = control.status(type, null);
        assertThat(List.of(s.partitions(), s.lag(), s.inFlight(), s.deadLetters(), s.retrying(), s.groupState()))
            .as("jobpipe status counts what the console counts")
            .isEqualTo(List.of(l.partitions(), l.lag(), l.inFlight(), l.deadLetters(), l.retrying(), l.groupState()));
        assertThatThrownBy(() -> control.status("absent-" + type, null))
            .isInstanceOf(JobControlException.class)
            .hasMessage("topic jobs.absent-" + type + " does not exist: create it with 'jobpipe topics apply --type absent-"
                + type + "'");
      }
    }
  }

  @Test
  void describesOnlyTopicsItHasNotSeenUntilTheTopicListChanges(JobpipeStack stack) {
    String type = "described-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    JobTopics t = JobTopics.of(type);
    stack.createTopic(t.main(), 2);
    stack.createTopic(t.done(), 1);
    List<String> described = new CopyOnWriteArrayList<>();
    try (Admin admin = new ForwardingAdmin(stack.clientProperties()) {
          @Override
          public DescribeTopicsResult describeTopics(TopicCollection topics, DescribeTopicsOptions options) {
            described.addAll(((TopicCollection.TopicNameCollection) topics).topicNames());
            return super.describeTopics(topics, options);
          }
        };
        TypeLoads loads = new TypeLoads(admin, stack.clientProperties(), Duration.ofSeconds(20), "forwarders")) {
      Map<String, String> groups = Map.of(type, t.workerGroup());
      assertThat(loads.read(groups, loads.topics()).get(type).partitions()).isEqualTo(2);
      assertThat(described).containsExactlyInAnyOrder(t.main(), t.done());

      assertThat(loads.read(groups, loads.topics()).get(type).partitions()).isEqualTo(2);
      assertThat(described).as("nothing new to describe on the second sample").hasSize(2);

      stack.createTopic(t.dlq(), 1);
      assertThat(loads.read(groups, loads.topics()).get(type).deadLetters()).isZero();
      assertThat(described).as("a changed topic list describes the type's topics again")
          .containsExactlyInAnyOrder(t.main(), t.done(), t.main(), t.done(), t.dlq());
    }
  }

  @Test
  void aClusterThatDoesNotAnswerIsAOneLineErrorNamingTheCall() {
    Map<String, Object> props = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1",
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1_000);
    try (Admin admin = Admin.create(props)) {
      try (TypeLoads loads = new TypeLoads(admin, props, Duration.ofMillis(300), "forwarders")) {
        assertThatThrownBy(loads::readAll)
            .isInstanceOf(JobControlException.class)
            .hasMessage("listing topics timed out after 300 ms");
      }
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(JobpipeStack stack) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static KafkaProducer<byte[], byte[]> transactional(JobpipeStack stack, String id) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static void write(KafkaProducer<byte[], byte[]> producer, String topic, int partition, int count)
      throws Exception {
    for (int i = 0; i < count; i++) {
      producer.send(new ProducerRecord<>(topic, partition, null, new byte[] {(byte) i})).get(30, TimeUnit.SECONDS);
    }
  }
}
