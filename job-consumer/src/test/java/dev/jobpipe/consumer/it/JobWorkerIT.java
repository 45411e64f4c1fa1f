package dev.jobpipe.consumer.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.JobTimeoutException;
import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.consumer.RetryableJobException;
import dev.jobpipe.consumer.TerminalJobException;
import dev.jobpipe.observability.HealthState;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.jobs.ImageResize;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The worker against the real broker and registry: delivery, ordering, handoff, outages. */
@ExtendWith(JobpipeStackExtension.class)
class JobWorkerIT {

  private static final Duration LONG = Duration.ofSeconds(60);

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private JobStack jobs(JobpipeStack stack, String name, int partitions) {
    JobStack jobs = new JobStack(stack, name, partitions);
    toClose.add(jobs);
    return jobs;
  }

  private JobWorker started(JobWorker worker) {
    toClose.add(worker);
    worker.start();
    return worker;
  }

  private static int seq(Job<GenericRecord> job) {
    return (Integer) job.payload().get("seq");
  }

  @Test
  void everyJobRunsAtLeastOnceInKeyOrderAndTheGroupCommitsTheEnd(JobpipeStack stack) {
    JobStack jobs = jobs(stack, "delivery", 3);
    int count = 2_000;
    jobs.publish(0, count, seq -> "key-" + (seq % 50), seq -> "ok");
    Map<String, List<Integer>> seenPerKey = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    AtomicBoolean overlap = new AtomicBoolean();
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    started(jobs.worker(job -> {
      String key = job.key().orElseThrow();
      if (active.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
        overlap.set(true);
      }
      seenPerKey.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(seq(job));
      if (seq(job) % 100 == 0) {
        Thread.sleep(5);
      }
      active.get(key).decrementAndGet();
      done.add(seq(job));
    }).config(JobWorkerConfig.CONCURRENCY_CONFIG, 40).build());

    await().atMost(LONG).until(() -> done.size() == count);
    await().atMost(LONG).until(jobs::committedEverything);
    assertThat(overlap).as("two jobs of one key ran at once").isFalse();
    assertThat(seenPerKey).hasSize(50);
    seenPerKey.values().forEach(seqs -> assertThat(seqs).isSorted());
    assertThat(jobs.readAll(jobs.topics.failed())).isEmpty();
    // every success is on jobs.T.done before the commit passed it, keyed by the (derived) job id
    List<ConsumerRecord<byte[], byte[]>> doneRecords = jobs.readAll(jobs.topics.done());
    assertThat(doneRecords.stream().map(r -> new String(r.key(), UTF_8)).distinct().count()).isEqualTo(count);
    assertThat(doneRecords).allSatisfy(r ->
        assertThat(dev.jobpipe.schemas.ledger.JobDoneCodec.decode(r.value())).isPresent());
  }

  @Test
  void committedOffsetNeverPassesAnUnfinishedJob(JobpipeStack stack) {
    JobStack jobs = jobs(stack, "prefix", 1);
    jobs.publish(0, 60, seq -> "key-" + seq, seq -> "ok");
    CountDownLatch releaseSlow = new CountDownLatch(1);
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    started(jobs.worker(job -> {
      if (seq(job) == 10) {
        releaseSlow.await();
      }
      done.add(seq(job));
    }).config(JobWorkerConfig.ORDERING_CONFIG, "none").build());

    await().atMost(LONG).until(() -> done.size() == 59);
    await().atMost(LONG).until(() -> jobs.committed(0) == 10);
    // Everything after job 10 is done and several commit intervals pass: the commit must stay at 10.
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> jobs.committed(0) == 10);
    releaseSlow.countDown();
    await().atMost(LONG).until(() -> jobs.committed(0) == 60);
  }

  @Test
  void failuresAreHandedOverWithCompleteHeadersThenCommitted(JobpipeStack stack) {
    JobStack jobs = jobs(stack, "handoff", 2);
    jobs.publish(0, 100, seq -> "key-" + (seq % 7), seq -> seq % 10 == 3 ? "terminal" : seq % 10 == 7 ? "retryable" : "ok");
    AtomicInteger runs = new AtomicInteger();
    started(jobs.worker(job -> {
      runs.incrementAndGet();
      switch (job.payload().get("mode").toString()) {
        case "terminal" -> throw new TerminalJobException("account " + seq(job) + " is closed");
        case "retryable" -> throw new RetryableJobException("mail server busy");
        default -> { }
      }
    }).build());

    await().atMost(LONG).until(jobs::committedEverything);
    assertThat(runs).hasValue(100);
    List<ConsumerRecord<byte[], byte[]>> failed = jobs.readAll(jobs.topics.failed());
    assertThat(failed).hasSize(20);
    for (ConsumerRecord<byte[], byte[]> record : failed) {
      String id = JobStack.string(record, JobHeaders.JOB_ID);
      int seq = Integer.parseInt(id.substring("job-".length()));
      boolean terminal = seq % 10 == 3;
      assertThat(new String(record.key(), UTF_8)).isEqualTo("key-" + (seq % 7));
      assertThat(record.value()).isEqualTo(jobs.encode(seq, "key-" + (seq % 7), terminal ? "terminal" : "retryable"));
      assertThat(JobStack.string(record, JobHeaders.JOB_TYPE)).isEqualTo(jobs.type);
      assertThat(JobStack.string(record, JobHeaders.ATTEMPT)).isEqualTo("1");
      assertThat(JobStack.string(record, JobHeaders.ERROR_CLASS))
          .isEqualTo((terminal ? TerminalJobException.class : RetryableJobException.class).getName());
      assertThat(JobStack.string(record, JobHeaders.ERROR_MESSAGE)).isEqualTo(terminal ? "account " + seq + " is closed" : "mail server busy");
      assertThat(JobStack.string(record, JobHeaders.ERROR_STACK)).contains("at ");
      assertThat(JobStack.string(record, JobHeaders.ERROR_RETRYABLE)).isEqualTo(terminal ? "false" : "true");
      assertThat(JobStack.string(record, JobHeaders.ORIGIN_TOPIC)).isEqualTo(jobs.topics.main());
      assertThat(JobStack.string(record, JobHeaders.ORIGIN_PARTITION)).matches("[01]");
      assertThat(JobStack.string(record, JobHeaders.ORIGIN_OFFSET)).matches("[0-9]+");
      assertThat(JobHeaders.number(record.headers(), JobHeaders.FAILED_AT)).isPresent();
    }
  }

  @Test
  void overTimeJobIsInterruptedAndHandedOverWhileOthersGoOn(JobpipeStack stack) {
    JobStack jobs = jobs(stack, "timeout", 1);
    jobs.publish(0, 20, seq -> "key-" + seq, seq -> seq == 4 ? "stuck" : "ok");
    CountDownLatch unstick = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    JobWorker worker = started(jobs.worker(job -> {
      if ("stuck".equals(job.payload().get("mode").toString())) {
        while (unstick.getCount() > 0) {
          try {
            unstick.await();
          } catch (InterruptedException e) {
            interrupted.set(true); // a handler that swallows interrupts must not stall the worker
          }
        }
        return;
      }
      done.add(seq(job));
    }).config(JobWorkerConfig.JOB_TIMEOUT_MS_CONFIG, 500).config(JobWorkerConfig.CONCURRENCY_CONFIG, 1).build());

    await().atMost(LONG).until(jobs::committedEverything);
    assertThat(done).hasSize(19);
    assertThat(interrupted).isTrue();
    assertThat(worker.abandonedThreads()).isEqualTo(1);
    List<ConsumerRecord<byte[], byte[]>> failed = jobs.readAll(jobs.topics.failed());
    assertThat(failed).hasSize(1);
    assertThat(JobStack.string(failed.get(0), JobHeaders.JOB_ID)).isEqualTo("job-4");
    assertThat(JobStack.string(failed.get(0), JobHeaders.ERROR_CLASS)).isEqualTo(JobTimeoutException.class.getName());
    assertThat(JobStack.string(failed.get(0), JobHeaders.ERROR_RETRYABLE)).isEqualTo("true");
    unstick.countDown();
    await().atMost(LONG).until(() -> worker.abandonedThreads() == 0);
  }

  @Test
  void undecodableRecordGoesToTheDeadLetterTopicAndTheWorkerGoesOn(JobpipeStack stack) {
    JobStack jobs = jobs(stack, "poison", 1);
    jobs.publish(0, 5, seq -> "k", seq -> "ok");
    jobs.publishRaw(0, "k", "not avro at all".getBytes(UTF_8));
    jobs.publishRaw(0, "k", new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 1}); // unknown schema id
    jobs.publish(5, 5, seq -> "k", seq -> "ok");
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    started(jobs.worker(job -> done.add(seq(job))).build());

    await().atMost(LONG).until(() -> done.size() == 10 && jobs.committedEverything());
    List<ConsumerRecord<byte[], byte[]>> dead = jobs.readAll(jobs.topics.dlq());
    assertThat(dead).hasSize(2);
    assertThat(new String(dead.get(0).value(), UTF_8)).isEqualTo("not avro at all");
    for (ConsumerRecord<byte[], byte[]> record : dead) {
      assertThat(JobStack.string(record, JobHeaders.DLQ_REASON)).isEqualTo("UNDECODABLE");
      assertThat(JobStack.string(record, JobHeaders.ERROR_CLASS)).endsWith("UndecodableJobException");
      assertThat(JobStack.string(record, JobHeaders.ERROR_MESSAGE)).isNotBlank();
      assertThat(JobStack.string(record, JobHeaders.ORIGIN_TOPIC)).isEqualTo(jobs.topics.main());
      assertThat(JobStack.string(record, JobHeaders.JOB_ID)).startsWith(jobs.topics.main() + "-0-");
    }
    assertThat(jobs.readAll(jobs.topics.failed())).isEmpty();
  }

  @Test
  void unreachableRegistryPausesTheWorkerWithoutDeadLettersUntilItIsBack(JobpipeStack stack) {
    Assumptions.assumeTrue(stack.embedded(), "needs the embedded stack to cut the registry");
    JobStack jobs = jobs(stack, "outage", 2);
    jobs.publish(0, 200, seq -> "key-" + (seq % 20), seq -> "ok");
    HealthState health = new HealthState();
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    stack.cutRegistry();
    try {
      // A fresh worker has no cached schema: every decode needs the registry.
      started(jobs.worker(job -> done.add(seq(job)))
          .config("schema.registry.retries", 0)
          .config("schema.registry.connect.timeout.ms", 500)
          .config(JobWorkerConfig.REGISTRY_BACKOFF_MS_CONFIG, 100)
          .config(JobWorkerConfig.REGISTRY_BACKOFF_MAX_MS_CONFIG, 500)
          .health(health).build());
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> done.isEmpty() && !health.ready());
      assertThat(jobs.readAll(jobs.topics.dlq())).isEmpty();
      // at most each partition's first offset, with no record done below it
      assertThat(jobs.committed()).allSatisfy((tp, offset) -> assertThat(offset).isZero());
    } finally {
      stack.restoreRegistry();
    }
    await().atMost(LONG).until(() -> done.size() == 200 && jobs.committedEverything());
    await().atMost(LONG).until(health::ready);
    assertThat(jobs.readAll(jobs.topics.dlq())).isEmpty();
    assertThat(jobs.readAll(jobs.topics.failed())).isEmpty();
  }

  @Test
  void rebalanceBetweenTwoWorkersLosesNothing(JobpipeStack stack) {
    JobStack jobs = jobs(stack, "rebalance", 4);
    int count = 1_200;
    jobs.publish(0, count, seq -> "key-" + (seq % 40), seq -> "ok");
    Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
    JobHandler<GenericRecord> handler = job -> {
      runs.computeIfAbsent(seq(job), s -> new AtomicInteger()).incrementAndGet();
      Thread.sleep(5);
    };
    // Small windows and little concurrency, so the first worker is still busy when the second joins.
    Map<String, Object> slow = Map.of(JobWorkerConfig.CONCURRENCY_CONFIG, 2, JobWorkerConfig.MAX_INFLIGHT_PER_PARTITION_CONFIG, 10);
    JobWorker first = started(jobs.worker(handler).config(slow).build());
    await().atMost(LONG).until(() -> runs.size() >= 100);
    started(jobs.worker(handler).config(slow).build());
    await().atMost(LONG).until(() -> jobs.membersWithPartitions() == 2);
    int beforeClose = runs.size();
    first.close();
    assertThat(beforeClose).isLessThan(count);
    await().atMost(LONG).until(() -> runs.size() == count && jobs.committedEverything());
    assertThat(runs.keySet()).hasSize(count);
  }

  @Test
  void handlerDeclaringAGeneratedClassGetsItDecodedIntoThatClass(JobpipeStack stack) throws Exception {
    JobStack jobs = jobs(stack, "specific", 1);
    publishEmails(stack, jobs, 10);
    List<String> recipients = new CopyOnWriteArrayList<>();
    class SendEmail implements JobHandler<EmailSend> {
      @Override
      public void handle(Job<EmailSend> job) {
        recipients.add(job.payload().getTo().toString());
      }
    }
    JobWorker worker = JobWorker.builder(jobs.type, new SendEmail())
        .config(stack.clientProperties())
        .schemaRegistryUrl(stack.registryUrl())
        .build();
    started(worker);
    await().atMost(LONG).until(() -> recipients.size() == 10);
    assertThat(recipients).contains("u0@example.com", "u9@example.com");
    assertThat(jobs.readAll(jobs.topics.failed())).isEmpty();
  }

  @Test
  void aLambdaHandlerGetsItsDeclaredPayloadClassAndNothingIsDeadLettered(JobpipeStack stack) throws Exception {
    JobStack jobs = jobs(stack, "lambda", 1);
    publishEmails(stack, jobs, 5);
    List<String> recipients = new CopyOnWriteArrayList<>();
    started(JobWorker.builder(jobs.type, EmailSend.class, job -> recipients.add(job.payload().getTo().toString()))
        .config(stack.clientProperties())
        .schemaRegistryUrl(stack.registryUrl())
        .commitInterval(Duration.ofMillis(100))
        .build());
    await().atMost(LONG).until(() -> recipients.size() == 5);
    assertThat(jobs.readAll(jobs.topics.failed())).isEmpty();
    assertThat(jobs.readAll(jobs.topics.dlq())).isEmpty();
  }

  @Test
  void aPayloadClassThatCannotReadTheRegisteredSchemaFailsAtBuild(JobpipeStack stack) throws Exception {
    JobStack jobs = jobs(stack, "mistyped", 1);
    publishEmails(stack, jobs, 1);
    assertThatThrownBy(() -> JobWorker.builder(jobs.type, ImageResize.class, job -> {})
        .config(stack.clientProperties())
        .schemaRegistryUrl(stack.registryUrl())
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ImageResize.class.getName())
        .hasMessageContaining(EmailSend.getClassSchema().getFullName())
        .hasMessageNotContaining("\n");
  }

  private static void publishEmails(JobpipeStack stack, JobStack jobs, int count) throws Exception {
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(stack.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
      AvroCodec codec = new AvroCodec(registry, true);
      for (int i = 0; i < count; i++) {
        EmailSend email = EmailSend.newBuilder().setTo("u" + i + "@example.com").setSubject("s").setBody("b").build();
        producer.send(new ProducerRecord<>(jobs.topics.main(), ("k" + i).getBytes(UTF_8), codec.encode(jobs.topics.main() + "-value", email))).get();
      }
    }
  }
}
