package dev.jobpipe.console.web.internal;

import dev.jobpipe.console.internal.TypeLoads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, every interval, what Kafka itself says about every job type ({@link TypeLoads}: the same
 * counts as {@code jobpipe status}), and keeps the last hour as {@link TypeHistory} for rates and
 * charts.
 */
public final class KafkaSampler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaSampler.class);
  static final Duration HISTORY = Duration.ofHours(1);

  /** The last sample of every type, when it was taken, and why the last attempt failed (null if it did not). */
  public record Snapshot(Instant at, Map<String, TypeSample> types, String problem) {}

  private final TypeLoads loads;
  private final Duration timeout;
  private final Duration interval;
  private final ConsoleMetrics metrics;
  private final Clock clock;
  private final Map<String, TypeHistory> histories = new ConcurrentHashMap<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "jobpipe-console-sampler");
    t.setDaemon(true);
    return t;
  });
  private volatile Snapshot latest = new Snapshot(null, Map.of(), "not sampled yet");

  /** @param clientProperties connection and security settings (the dead letters are counted by reading the DLQs) */
  public KafkaSampler(Admin admin, Map<String, Object> clientProperties, String forwarderGroup, Duration interval,
      Duration timeout, ConsoleMetrics metrics, Clock clock) {
    this.loads = new TypeLoads(admin, clientProperties, timeout, forwarderGroup);
    this.timeout = timeout;
    this.interval = interval;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Samples now and then every interval, on its own thread. */
  public void start() {
    executor.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Snapshot latest() {
    return latest;
  }

  public Optional<TypeHistory> history(String type) {
    return Optional.ofNullable(histories.get(type));
  }

  private void sampleQuietly() {
    long start = System.nanoTime();
    try {
      Map<String, TypeSample> types = sample();
      types.values().forEach(s -> histories.computeIfAbsent(s.type(), t -> new TypeHistory(HISTORY)).add(s));
      histories.keySet().retainAll(types.keySet());
      latest = new Snapshot(clock.instant(), types, null);
    } catch (RuntimeException e) {
      log.warn("console: sampling Kafka failed: {}", e.toString());
      latest = new Snapshot(latest.at(), latest.types(), "Kafka did not answer: " + e.getMessage());
    } finally {
      metrics.sampled(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** One sample of every type; package-private for tests. */
  Map<String, TypeSample> sample() {
    Instant now = clock.instant();
    Map<String, TypeSample> out = new TreeMap<>();
    loads.readAll().forEach((type, l) -> out.put(type, new TypeSample(type, now, l.partitions(), l.published(),
        l.succeeded(), l.failed(), l.lag(), l.members().size(), l.groupState(), l.retrying(), l.deadLetters())));
    return out;
  }

  /** Stops sampling; idempotent. */
  @Override
  public void close() {
    // no interrupt: a Kafka consumer interrupted mid-poll throws and logs; a sample is bounded by the timeout
    executor.shutdown();
    try {
      executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      loads.close();
    }
  }

  public boolean awaitTermination(Duration d) throws InterruptedException {
    return executor.awaitTermination(d.toMillis(), TimeUnit.MILLISECONDS);
  }
}
