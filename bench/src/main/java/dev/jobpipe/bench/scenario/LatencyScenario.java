package dev.jobpipe.bench.scenario;

import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.bench.report.Percentiles;
import dev.jobpipe.bench.report.ResultRow;
import dev.jobpipe.bench.report.Summary;
import dev.jobpipe.bench.report.Target;
import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobPublisherConfig;
import dev.jobpipe.producer.JobRequest;
import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * End-to-end latency at a fixed 2,000 jobs/s, from just before the publish call to the start of
 * the handler: {@code JobPublisher} + {@code JobWorker} against a plain producer (the publisher's
 * producer properties) + a plain consumer loop. Publisher and consumer share this JVM, so both ends
 * read the same {@link System#nanoTime()}; the send time travels in a header of the bench's own.
 * Each run gets a fresh topic; a probe job proves the consumer is assigned before the stream
 * starts, and samples are taken only after a warm-up.
 */
public final class LatencyScenario implements Scenario {
  static final double RATE = 2_000;
  static final String SENT_HEADER = "bench.sent.nanos";

  @Override
  public String name() {
    return "e2e";
  }

  @Override
  public List<ResultRow> run(BenchContext ctx) throws Exception {
    List<Double> jp50 = new ArrayList<>();
    List<Double> jp99 = new ArrayList<>();
    List<Double> jp999 = new ArrayList<>();
    List<Double> pl50 = new ArrayList<>();
    List<Double> pl99 = new ArrayList<>();
    List<Double> pl999 = new ArrayList<>();
    // one unmeasured run of each first: the harness's JVM compiles the publisher, worker and loop
    Percentiles warmJp = runJobpipe(ctx, -1);
    Percentiles warmPl = runPlain(ctx, -1);
    Console.line("e2e warm-up run: jobpipe p99 %.1f ms, plain p99 %.1f ms (not counted)", ms(warmJp.at(0.99)),
        ms(warmPl.at(0.99)));
    for (int run = 0; run < ctx.options().runs(); run++) {
      Percentiles jp = runJobpipe(ctx, run);
      Percentiles pl = runPlain(ctx, run);
      jp50.add(ms(jp.at(0.5)));
      jp99.add(ms(jp.at(0.99)));
      jp999.add(ms(jp.at(0.999)));
      pl50.add(ms(pl.at(0.5)));
      pl99.add(ms(pl.at(0.99)));
      pl999.add(ms(pl.at(0.999)));
      Console.line("e2e run %d/%d: jobpipe p50 %.1f p99 %.1f p99.9 %.1f ms (%d samples); plain p50 %.1f p99 %.1f p99.9 %.1f ms",
          run + 1, ctx.options().runs(), jp50.getLast(), jp99.getLast(), jp999.getLast(), jp.count(),
          pl50.getLast(), pl99.getLast(), pl999.getLast());
    }
    ctx.note(String.format("end-to-end latency: %,.0f jobs/s open-loop (each send due at start + i/rate) for %d s of"
        + " warm-up and %d s measured per run (after one whole unmeasured run of each), 256-byte payloads, a fresh 6-partition topic per run, publisher and"
        + " consumer in the harness's JVM. jobpipe: JobPublisher (no key) → JobWorker with defaults, latency taken at"
        + " handler start (after Avro decoding). Plain: KafkaProducer with the publisher's producer properties → a"
        + " KafkaConsumer loop (commitSync per poll), latency taken when the loop reaches the record. Percentiles are"
        + " exact (nearest rank) over the run's samples.", RATE, ctx.options().e2eWarmupSeconds(), ctx.options().e2eSeconds()));
    String plain = "plain producer + consumer";
    return List.of(
        new ResultRow("end-to-end latency p50 at 2,000 jobs/s", "ms", Summary.of(jp50), plain, Summary.of(pl50), null, null),
        new ResultRow("end-to-end latency p99 at 2,000 jobs/s", "ms", Summary.of(jp99), plain, Summary.of(pl99),
            Target.atMost(25, "ms"), null),
        new ResultRow("end-to-end latency p99.9 at 2,000 jobs/s", "ms", Summary.of(jp999), plain, Summary.of(pl999), null, null));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private Percentiles runJobpipe(BenchContext ctx, int run) throws Exception {
    String type = "bench-e2e-jobpipe-" + (run < 0 ? "warmup" : run);
    ctx.createJobTopics(type, 6);
    LatencyRecorder recorder = newRecorder(ctx);
    EmailSend payload = Payloads.emailOfValueSize(256);
    Map<String, Object> workerConfig = new HashMap<>();
    workerConfig.put("bootstrap.servers", ctx.bootstrapServers());
    workerConfig.put(JobWorkerConfig.SCHEMA_REGISTRY_URL_CONFIG, ctx.registryUrl());
    JobHandler<EmailSend> handler = (Job<EmailSend> job) -> recorder.arrived(sentNanos(job.headers()));
    try (JobPublisher publisher = JobPublisher.create(ctx.publisherConfig());
         JobWorker worker = JobWorker.builder(type, EmailSend.class, handler).config(workerConfig).build()) {
      worker.start();
      return stream(ctx, recorder, (i, sent) -> publisher.publish(
          JobRequest.builder(type, payload).header(SENT_HEADER, Long.toString(sent)).build()), "jobpipe");
    }
  }

  private Percentiles runPlain(BenchContext ctx, int run) throws Exception {
    String type = "bench-e2e-plain-" + (run < 0 ? "warmup" : run);
    String topic = JobTopics.of(type).main();
    ctx.createJobTopics(type, 6);
    LatencyRecorder recorder = newRecorder(ctx);
    byte[] value;
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(ctx.registryUrl())) {
      value = new AvroCodec(registry, true).encode(topic + "-value", Payloads.emailOfValueSize(256));
    }
    Map<String, Object> consumerProps = new HashMap<>();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.bootstrapServers());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, type);
    consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    PlainLoop loop = new PlainLoop(consumerProps, topic, recorder);
    Map<String, Object> producerProps = new JobPublisherConfig(ctx.publisherConfig()).producerProperties();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
      loop.start();
      return stream(ctx, recorder, (i, sent) -> {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
            new UUID(run, i).toString().getBytes(StandardCharsets.UTF_8), value);
        record.headers().add(SENT_HEADER, Long.toString(sent).getBytes(StandardCharsets.UTF_8));
        producer.send(record);
      }, "plain");
    } finally {
      loop.close();
    }
  }

  private static LatencyRecorder newRecorder(BenchContext ctx) {
    return new LatencyRecorder((int) (RATE * (ctx.options().e2eSeconds() + 1) * 1.2));
  }

  /**
   * Sends a probe and waits for it (the consumer is assigned and the path warm), then streams at
   * {@link #RATE} through the warm-up and the measured window, then waits for every measured record.
   */
  private static Percentiles stream(BenchContext ctx, LatencyRecorder recorder, Pacer.Send send, String who)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    send.send(-1, System.nanoTime());
    while (recorder.arrivals() == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(who + ": the probe job did not arrive within 60 s");
      }
      Thread.sleep(10);
    }
    Duration warmup = Duration.ofSeconds(ctx.options().e2eWarmupSeconds());
    recorder.openWindowAt(System.nanoTime() + warmup.toNanos());
    AtomicLong measured = new AtomicLong();
    Pacer.run(RATE, warmup.plusSeconds(ctx.options().e2eSeconds()), (i, sent) -> {
      if (recorder.inWindow(sent)) {
        measured.incrementAndGet();
      }
      send.send(i, sent);
    });
    deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (recorder.sampled() < Math.min(measured.get(), recorder.samples().length)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(who + ": " + recorder.sampled() + " of " + measured.get()
            + " measured jobs arrived within 60 s of the last send");
      }
      Thread.sleep(10);
    }
    return Percentiles.of(recorder.samples(), recorder.sampled());
  }

  private static long sentNanos(Headers headers) {
    Header h = headers.lastHeader(SENT_HEADER);
    if (h == null) {
      throw new IllegalStateException("a job without the " + SENT_HEADER + " header");
    }
    return Long.parseLong(new String(h.value(), StandardCharsets.UTF_8));
  }

  /** The plain side's consumer: poll, note each record's arrival, commit the batch synchronously. */
  private static final class PlainLoop {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final LatencyRecorder recorder;
    private final Thread thread;
    private volatile boolean closing;

    PlainLoop(Map<String, Object> props, String topic, LatencyRecorder recorder) {
      this.consumer = new KafkaConsumer<>(props);
      this.consumer.subscribe(List.of(topic));
      this.recorder = recorder;
      this.thread = Thread.ofPlatform().name("bench-e2e-plain").unstarted(this::loop);
    }

    void start() {
      thread.start();
    }

    private void loop() {
      try {
        while (!closing) {
          ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
          if (records.isEmpty()) {
            continue;
          }
          for (ConsumerRecord<byte[], byte[]> record : records) {
            recorder.arrived(sentNanos(record.headers()));
          }
          consumer.commitSync();
        }
      } catch (org.apache.kafka.common.errors.WakeupException e) {
        // closing
      } finally {
        consumer.close(Duration.ofSeconds(5));
      }
    }

    void close() throws InterruptedException {
      closing = true;
      consumer.wakeup();
      thread.join(10_000);
    }
  }
}
