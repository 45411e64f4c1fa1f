package dev.jobpipe.bench.scenario;

import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.bench.report.ResultRow;
import dev.jobpipe.bench.report.Summary;
import dev.jobpipe.bench.report.Target;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobPublisherConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publish rate for 256-byte record values: {@code JobPublisher} (Avro encoding, every header, a
 * UUIDv7 job id as key) against a plain {@code KafkaProducer<byte[],byte[]>} built from the very
 * producer properties the publisher uses (acks=all, idempotence, the same linger, batch size and
 * compression), sending the same encoded value bytes with a key of the same length and no headers.
 * Both send to the same 6-partition topic as fast as they can for the same number of seconds; the
 * clock runs from the first send to the last acknowledgement.
 */
public final class PublishScenario implements Scenario {
  static final String TYPE = "bench-publish";
  static final int VALUE_BYTES = 256;
  /** Unmeasured sending per client before the first run, so clients and broker are JIT-compiled. */
  static final int WARMUP_SECONDS = 3;
  /** Bytes of JobPublisher's four headers on this topic, names included (varint lengths aside). */
  static final int HEADER_BYTES = JobHeaders.JOB_ID.length() + 36 + JobHeaders.JOB_TYPE.length() + TYPE.length()
      + JobHeaders.ATTEMPT.length() + 1 + JobHeaders.ENQUEUED_AT.length() + 13;

  @Override
  public String name() {
    return "publish";
  }

  @Override
  public List<ResultRow> run(BenchContext ctx) throws Exception {
    int seconds = ctx.options().publishSeconds();
    ctx.createJobTopics(TYPE, 6);
    EmailSend payload = Payloads.emailOfValueSize(VALUE_BYTES);
    String topic = JobTopics.of(TYPE).main();
    Map<String, Object> config = ctx.publisherConfig();
    Map<String, Object> producerProps = new JobPublisherConfig(config).producerProperties();
    List<Double> jobpipe = new ArrayList<>();
    List<Double> plain = new ArrayList<>();
    List<Double> sameWire = new ArrayList<>();
    try (JobPublisher publisher = JobPublisher.create(config);
         KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps);
         SchemaRegistryClient registry = SchemaRegistryClient.create(ctx.registryUrl())) {
      publisher.verifyType(TYPE);
      // the publisher registers the schema on its first publish; the plain producer then sends the same bytes.
      // One unmeasured round of each first: the clients and the broker are JIT-compiled before the clock runs.
      publishJobpipe(publisher, payload, WARMUP_SECONDS);
      byte[] value = new AvroCodec(registry, false).encode(topic + "-value", payload);
      if (value.length != VALUE_BYTES) {
        throw new IllegalStateException("encoded payload is " + value.length + " bytes, not " + VALUE_BYTES);
      }
      publishPlain(producer, topic, value, WARMUP_SECONDS, -1, false);
      publishPlain(producer, topic, value, WARMUP_SECONDS, -2, true);
      for (int run = 0; run < ctx.options().runs(); run++) {
        // alternate who goes first, so a drift in the machine's load does not favour either
        if (run % 2 == 0) {
          jobpipe.add(publishJobpipe(publisher, payload, seconds));
          plain.add(publishPlain(producer, topic, value, seconds, run, false));
          sameWire.add(publishPlain(producer, topic, value, seconds, run, true));
        } else {
          sameWire.add(publishPlain(producer, topic, value, seconds, run, true));
          plain.add(publishPlain(producer, topic, value, seconds, run, false));
          jobpipe.add(publishJobpipe(publisher, payload, seconds));
        }
        Console.line("publish run %d/%d: JobPublisher %,.0f/s, plain producer %,.0f/s, plain producer with"
            + " jobpipe's headers %,.0f/s", run + 1, ctx.options().runs(), jobpipe.getLast(), plain.getLast(),
            sameWire.getLast());
      }
    }
    ctx.note("publish: each client sends records of " + VALUE_BYTES + " bytes into one 6-partition topic for " + seconds
        + " s per run (time-boxed: the same stretch of time for each, not the same count), as fast as it takes them,"
        + " timed from the first send to the last acknowledgement, after an unmeasured " + WARMUP_SECONDS
        + " s of each; the order alternates run by run; both clients"
        + " use the publisher's producer properties " + describe(producerProps) + "; JobPublisher also writes its"
        + " four headers per record (job id, type, attempt, enqueued-at: about " + HEADER_BYTES + " bytes with their"
        + " names, as DESIGN.md fixes them), the plain producer none; the third contender is the plain producer"
        + " sending records of the same shape as JobPublisher's (the same four header names with values of the same"
        + " length, built per record by hand), i.e. what publishing jobpipe's wire format costs without jobpipe.");
    return List.of(new ResultRow("publish, 256-byte payloads", "jobs/s", Summary.of(jobpipe),
        "plain KafkaProducer<byte[],byte[]>", Summary.of(plain), Target.ratioAtLeast(0.8), null),
        new ResultRow("publish, 256-byte payloads, same record shape", "jobs/s", Summary.of(jobpipe),
            "plain KafkaProducer sending jobpipe's headers", Summary.of(sameWire), Target.ratioAtLeast(0.95),
            "the plain producer writes the same header names and value lengths as JobPublisher, so the ratio is"
                + " JobPublisher's own cost (Avro encoding, UUIDv7, futures) apart from the wire format's"));
  }

  private static String describe(Map<String, Object> p) {
    return "(acks=" + p.get("acks") + ", enable.idempotence=" + p.get("enable.idempotence") + ", linger.ms="
        + p.get("linger.ms") + ", batch.size=" + p.get("batch.size") + ", compression.type=" + p.get("compression.type") + ")";
  }

  private static double publishJobpipe(JobPublisher publisher, EmailSend payload, int seconds) throws InterruptedException {
    return timeBoxed(seconds, "JobPublisher", (i, done) -> publisher.publish(TYPE, payload)
        .whenComplete((receipt, error) -> done.accept(error)));
  }

  /**
   * The plain producer; with {@code withHeaders} its records carry the publisher's header names with
   * values of the same length (a job id, the type, attempt 1, the enqueue time in millis).
   */
  private static double publishPlain(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value, int seconds,
      int run, boolean withHeaders) throws InterruptedException {
    byte[] typeBytes = TYPE.getBytes(StandardCharsets.UTF_8);
    byte[] attempt = {'1'};
    return timeBoxed(seconds, "plain producer", (i, done) -> {
      // a key as long as the publisher's job id (36 characters), spread over the partitions the same way
      byte[] key = new UUID(run, i).toString().getBytes(StandardCharsets.UTF_8);
      ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, value);
      if (withHeaders) {
        record.headers().add(JobHeaders.JOB_ID, key).add(JobHeaders.JOB_TYPE, typeBytes).add(JobHeaders.ATTEMPT, attempt)
            .add(JobHeaders.ENQUEUED_AT, Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII));
      }
      producer.send(record, (metadata, error) -> done.accept(error));
    });
  }

  /** Sends one record; calls {@code done} with null or the error once it is acknowledged. */
  @FunctionalInterface
  private interface Send {
    void send(long i, java.util.function.Consumer<Throwable> done);
  }

  /**
   * Sends for {@code seconds} as fast as the client takes records (its buffer bounds what is in
   * flight), then waits for every acknowledgement; the rate is records ÷ (first send to last
   * acknowledgement). A fixed time rather than a fixed count, so a fast and a slow client are
   * measured over the same stretch of the machine's load.
   */
  private static double timeBoxed(int seconds, String who, Send send) throws InterruptedException {
    AtomicLong acked = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong lastAck = new AtomicLong();
    long start = System.nanoTime();
    long stopAt = start + seconds * 1_000_000_000L;
    long sent = 0;
    while (System.nanoTime() < stopAt) {
      send.send(sent++, error -> {
        if (error != null) {
          failed.incrementAndGet();
        }
        lastAck.set(System.nanoTime());
        acked.incrementAndGet();
      });
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (acked.get() < sent) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(who + ": " + (sent - acked.get()) + " of " + sent + " records not acknowledged within 2 min");
      }
      Thread.sleep(1);
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(who + ": " + failed.get() + " of " + sent + " sends failed");
    }
    return sent * 1e9 / (lastAck.get() - start);
  }
}
