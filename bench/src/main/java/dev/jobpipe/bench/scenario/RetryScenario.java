package dev.jobpipe.bench.scenario;

import dev.jobpipe.bench.report.Percentiles;
import dev.jobpipe.bench.report.ResultRow;
import dev.jobpipe.bench.report.Summary;
import dev.jobpipe.bench.report.Target;
import dev.jobpipe.observability.HealthState;
import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.router.RetryPolicies;
import dev.jobpipe.router.RetryPolicy;
import dev.jobpipe.router.RetryRouter;
import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.RetryDelays;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Retry forward lateness: failure records, as a worker writes them to {@code jobs.T.failed}, go
 * through a real {@link RetryRouter} (routing with exactly-once Kafka Streams, then the tier
 * forwarder) and back to {@code jobs.T}. Lateness is the arrival time of each retried job in
 * {@code jobs.T} (a read_committed consumer) minus its {@code jobpipe.not.before}: everything the
 * router adds, the transaction commit included. The router's own forward-lateness timer is
 * reported alongside.
 */
public final class RetryScenario implements Scenario {
  static final String TYPE = "bench-retry";
  static final List<Duration> TIERS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  static final double RATE = 2_000;

  @Override
  public String name() {
    return "retry";
  }

  @Override
  public List<ResultRow> run(BenchContext ctx) throws Exception {
    JobTopics topics = JobTopics.of(TYPE);
    ctx.createJobTopics(TYPE, 6);
    ctx.createTopics(TIERS.stream().map(topics::retry).toList(), 6);
    int retries = ctx.options().retries();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    meters.config().meterFilter(percentilesOf(MetricNames.FORWARD_LATENESS));
    Path stateDir = Files.createTempDirectory("jobpipe-bench-router-");
    byte[] value;
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(ctx.registryUrl())) {
      value = new AvroCodec(registry, true).encode(topics.main() + "-value", Payloads.emailOfValueSize(256));
    }
    Map<String, Object> routerProps = new HashMap<>();
    routerProps.put(RouterConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.bootstrapServers());
    routerProps.put(RouterConfig.APPLICATION_ID_CONFIG, "bench-router");
    routerProps.put(RouterConfig.STATE_DIR_CONFIG, stateDir.toString());
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> max = new ArrayList<>();
    RetryRouter router = RetryRouter.builder(new RouterConfig(routerProps))
        .policies(RetryPolicies.of(RetryPolicy.ofTiers(TIERS), Map.of()))
        .meterRegistry(meters)
        .build();
    router.start();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(ctx));
         KafkaConsumer<byte[], byte[]> arrivals = new KafkaConsumer<>(arrivalProps(ctx))) {
      awaitReady("retry router", router.health(), router.termination());
      List<TopicPartition> partitions = arrivals.partitionsFor(topics.main()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      arrivals.assign(partitions);
      arrivals.seekToEnd(partitions);
      partitions.forEach(arrivals::position);
      for (int run = 0; run < ctx.options().runs(); run++) {
        String prefix = "retry-" + run + "-";
        long sendStart = System.nanoTime();
        // arrivals are read while the failures are still being written: the first retries come back
        // a second into the 5 s of sending, and must be timed when they arrive, not after the sending
        CompletableFuture<Percentiles> collected = CompletableFuture.supplyAsync(() -> collect(arrivals, prefix, retries),
            runnable -> Thread.ofPlatform().name("bench-retry-arrivals").start(runnable));
        Pacer.runCount(RATE, retries, (i, sent) ->
            producer.send(failure(topics.failed(), prefix + i, (int) (1 + i % TIERS.size()), i, value)));
        producer.flush();
        Percentiles lateness;
        try {
          lateness = collected.join();
        } catch (CompletionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        p50.add((double) lateness.at(0.5));
        p99.add((double) lateness.at(0.99));
        max.add((double) lateness.max());
        Console.line("retry run %d/%d: %,d retries in %.1f s, lateness p50 %d ms, p99 %d ms, max %d ms", run + 1,
            ctx.options().runs(), retries, (System.nanoTime() - sendStart) / 1e9, lateness.at(0.5), lateness.at(0.99),
            lateness.max());
      }
    } finally {
      router.close();
      deleteQuietly(stateDir);
    }
    ctx.note(String.format(Locale.ROOT, "retry lateness: %,d failure records per run written to %s at %,.0f/s as a worker"
        + " writes them (attempts 1, 2 and 3 in turn, so they spread over the tiers %s), routed and forwarded by one"
        + " RetryRouter in the harness's JVM (default settings, jitter ±20 %%); lateness = arrival in %s (read_committed"
        + " consumer, wall clock) − jobpipe.not.before. The router's own %s timer over all runs: %s.",
        retries, topics.failed(), RATE, TIERS.stream().map(RetryDelays::format).toList(), topics.main(),
        MetricNames.FORWARD_LATENESS, routerTimers(meters)));
    return List.of(
        new ResultRow("retry forward lateness p50, 10,000 retries over 3 tiers", "ms", Summary.of(p50), null, null, null, null),
        new ResultRow("retry forward lateness p99, 10,000 retries over 3 tiers", "ms", Summary.of(p99), null, null,
            Target.atMost(100, "ms"), null),
        new ResultRow("retry forward lateness max, 10,000 retries over 3 tiers", "ms", Summary.of(max), null, null, null, null));
  }

  private static ProducerRecord<byte[], byte[]> failure(String topic, String jobId, int attempt, long i, byte[] value) {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
        ("key-" + (i % 1_000)).getBytes(StandardCharsets.UTF_8), value);
    Headers h = record.headers();
    long now = System.currentTimeMillis();
    JobHeaders.set(h, JobHeaders.JOB_ID, jobId);
    JobHeaders.set(h, JobHeaders.JOB_TYPE, TYPE);
    JobHeaders.set(h, JobHeaders.ATTEMPT, attempt);
    JobHeaders.set(h, JobHeaders.ENQUEUED_AT, now);
    JobHeaders.set(h, JobHeaders.ORIGIN_TOPIC, JobTopics.of(TYPE).main());
    JobHeaders.set(h, JobHeaders.ORIGIN_PARTITION, 0);
    JobHeaders.set(h, JobHeaders.ORIGIN_OFFSET, i);
    JobHeaders.set(h, JobHeaders.ERROR_CLASS, "java.net.SocketTimeoutException");
    JobHeaders.set(h, JobHeaders.ERROR_MESSAGE, "Read timed out");
    JobHeaders.set(h, JobHeaders.FAILED_AT, now);
    return record;
  }

  /** Reads {@code jobs.T} until every retry of this run arrived; lateness in milliseconds. */
  private static Percentiles collect(KafkaConsumer<byte[], byte[]> arrivals, String prefix, int retries) {
    long[] lateness = new long[retries];
    long[] sentLateness = new long[retries];
    int seen = 0;
    Duration longest = TIERS.getLast().multipliedBy(2).plusMillis((long) (retries * 1000 / RATE));
    long deadline = System.nanoTime() + longest.plusSeconds(120).toNanos();
    while (seen < retries) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("retry: only " + seen + " of " + retries + " retries came back to jobs."
            + TYPE + " within " + longest.plusSeconds(120).toSeconds() + " s");
      }
      var records = arrivals.poll(Duration.ofMillis(50));
      long now = System.currentTimeMillis();
      for (ConsumerRecord<byte[], byte[]> r : records) {
        String id = JobHeaders.jobId(r.headers()).orElse("");
        if (!id.startsWith(prefix)) {
          continue;
        }
        long notBefore = JobHeaders.notBefore(r.headers())
            .orElseThrow(() -> new IllegalStateException("a forwarded retry without " + JobHeaders.NOT_BEFORE))
            .toEpochMilli();
        if (seen < retries) {
          sentLateness[seen] = r.timestamp() - notBefore;
          lateness[seen++] = now - notBefore;
        }
      }
    }
    Percentiles sent = Percentiles.of(sentLateness, seen);
    Console.line("retry: forwarded record's timestamp − not.before p50 %d ms, p99 %d ms, max %d ms", sent.at(0.5),
        sent.at(0.99), sent.max());
    return Percentiles.of(lateness, seen);
  }

  /** Waits until a service in this JVM (router, scheduler) is ready; throws when it failed or took over 120 s. */
  static void awaitReady(String what, HealthState health, CompletableFuture<Void> termination)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!health.ready()) {
      if (termination.isCompletedExceptionally()) {
        termination.join();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the " + what + " was not ready within 120 s");
      }
      Thread.sleep(100);
    }
  }


  /** Client-side p50 and p99 of {@code name} over the whole scenario (one long window). */
  private static MeterFilter percentilesOf(String name) {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(name)) {
          return config;
        }
        return DistributionStatisticConfig.builder().percentiles(0.5, 0.99).expiry(Duration.ofHours(1))
            .bufferLength(1).build().merge(config);
      }
    };
  }

  private static String routerTimers(SimpleMeterRegistry meters) {
    List<String> parts = new ArrayList<>();
    for (Timer t : meters.find(MetricNames.FORWARD_LATENESS).timers()) {
      StringBuilder s = new StringBuilder("tier " + t.getId().getTag(MetricNames.TAG_TIER) + ": "
          + String.format(Locale.ROOT, "%,d", t.count()) + " forwards");
      for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) {
        s.append(String.format(Locale.ROOT, ", p%.0f %.0f ms", v.percentile() * 100, v.value(TimeUnit.MILLISECONDS)));
      }
      s.append(String.format(Locale.ROOT, ", max %.0f ms", t.max(TimeUnit.MILLISECONDS)));
      parts.add(s.toString());
    }
    parts.sort(Comparator.naturalOrder());
    return parts.isEmpty() ? "no forwards recorded" : String.join("; ", parts)
        + " (Micrometer's client-side percentiles, which are approximate)";
  }

  private static Map<String, Object> producerProps(BenchContext ctx) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return p;
  }

  static Map<String, Object> arrivalProps(BenchContext ctx) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return p;
  }

  static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      // a temporary directory: the OS cleans what is left
    }
  }
}
