package dev.jobpipe.console;

import dev.jobpipe.console.internal.ControlStatesRead;
import dev.jobpipe.console.internal.TypeLoads;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.control.Cancellation;
import dev.jobpipe.schemas.control.ControlCodec;
import dev.jobpipe.schemas.control.ControlEntry;
import dev.jobpipe.schemas.control.ControlKey;
import dev.jobpipe.schemas.control.ControlState;
import dev.jobpipe.schemas.control.ControlTopicReader;
import dev.jobpipe.schemas.control.PauseState;
import dev.jobpipe.schemas.control.RateLimit;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The control plane client: pause, resume, rate-limit and cancel the jobs of a type by writing its
 * compacted {@code jobs.T.control} topic (format: {@link dev.jobpipe.schemas.control}), and read the
 * type's desired state and {@link TypeStatus}. Every worker of the type follows the topic within about
 * a second. Each change records who made it ({@code by}; {@link JobControlConfig#USER_CONFIG} when a
 * call names no one), when, and why.
 *
 * <p>Thread-safe; one instance serves many types. Writes return once the broker acknowledged them.
 * A type whose control topic does not exist fails with {@link JobControlException} (nothing is
 * written: a topic created on the fly would not be compacted).
 *
 * <pre>{@code
 * try (JobControl control = JobControl.create(Map.of("bootstrap.servers", "localhost:9092"))) {
 *   control.pause("email.send", "mail provider outage");
 *   control.rate("email.send", 50);
 *   control.cancel("email.send", jobId);
 *   control.resume("email.send");
 * }
 * }</pre>
 */
public final class JobControl implements AutoCloseable {

  /**
   * The longest {@link #cancel} goes without reading a type's topic for expired cancellations: others
   * (another console, the CLI) may have written ones that expire before those this client knows of.
   */
  static final Duration SWEEP_AT_LEAST_EVERY = Duration.ofMinutes(10);

  private final JobControlConfig config;
  private final Clock clock;
  private final Producer<byte[], byte[]> producer;
  private final Admin admin;
  private final TypeLoads loads;
  /** Per type, when {@link #cancel} next reads the topic to delete expired cancellations. */
  private final Map<String, Instant> sweepDue = new ConcurrentHashMap<>();
  private final Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers;
  private final Object closeLock = new Object();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean closed;

  JobControl(JobControlConfig config, Clock clock) {
    this(config, clock, KafkaConsumer::new);
  }

  /** @param consumers makes the consumer that reads control topics (a seam for tests that count them) */
  JobControl(JobControlConfig config, Clock clock, Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers) {
    this.config = config;
    this.clock = clock;
    this.consumers = consumers;
    Map<String, Object> producerProps = config.producerProperties();
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(config.timeout().toMillis(),
        producerRequestTimeout(producerProps) + 1));
    this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
    this.admin = Admin.create(config.adminProperties());
    this.loads = new TypeLoads(admin, config.consumerProperties(), config.timeout(), config.forwarderGroup());
  }

  private static int producerRequestTimeout(Map<String, Object> props) {
    Object v = props.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
    int linger = 5; // the producer's default linger.ms
    return (v == null ? 30_000 : Integer.parseInt(String.valueOf(v))) + linger;
  }

  /** A client for {@code config} (see {@link JobControlConfig}); throws a {@code ConfigException} naming a bad key. */
  public static JobControl create(Map<String, ?> config) {
    return new JobControl(new JobControlConfig(config), Clock.systemUTC());
  }

  /** A client for {@code config}. */
  public static JobControl create(JobControlConfig config) {
    return new JobControl(config, Clock.systemUTC());
  }

  /** Nothing to start: the clients connect on first use. Present for the common lifecycle. */
  public JobControl start() {
    ensureOpen();
    return this;
  }

  /** Who changes are recorded as made by when a call names no one. */
  public String defaultUser() {
    return config.user();
  }

  /** Pauses {@code type} as {@link #defaultUser()}; see {@link #pause(String, String, String)}. */
  public PauseState pause(String type, String reason) {
    return pause(type, config.user(), reason);
  }

  /**
   * Pauses {@code type}: its workers start no new job (running ones finish, commits go on) until
   * {@link #resume}. {@code reason} may be null.
   */
  public PauseState pause(String type, String by, String reason) {
    return write(type, new PauseState(true, by, now(), reason));
  }

  /** Resumes {@code type} as {@link #defaultUser()}. */
  public PauseState resume(String type) {
    return resume(type, config.user(), null);
  }

  /** Resumes {@code type}: its workers start jobs again where they stopped. */
  public PauseState resume(String type, String by, String reason) {
    return write(type, new PauseState(false, by, now(), reason));
  }

  /** Limits {@code type} to {@code perSecond} jobs per second, as {@link #defaultUser()}. */
  public RateLimit rate(String type, double perSecond) {
    return rate(type, perSecond, config.user(), null);
  }

  /**
   * Limits {@code type} to {@code perSecond} jobs per second over all its workers together; each
   * worker takes the share of its partitions. Throws {@link IllegalArgumentException} unless
   * {@code 0 < perSecond <= }{@link RateLimit#MAX_PER_SECOND}.
   */
  public RateLimit rate(String type, double perSecond, String by, String reason) {
    return write(type, new RateLimit(perSecond, by, now(), reason));
  }

  /** Removes the rate limit of {@code type}, as {@link #defaultUser()}. */
  public RateLimit removeRate(String type) {
    return removeRate(type, config.user(), null);
  }

  /** Removes the rate limit of {@code type}. */
  public RateLimit removeRate(String type, String by, String reason) {
    return write(type, new RateLimit(null, by, now(), reason));
  }

  /** Cancels job {@code jobId} of {@code type} as {@link #defaultUser()}, for {@code cancel.expiry.ms}. */
  public Cancellation cancel(String type, String jobId) {
    return cancel(type, jobId, config.user(), null, config.cancelExpiry());
  }

  /**
   * Cancels job {@code jobId} of {@code type}: a worker that meets it before it started skips it
   * (offset committed, no handler call, no dead letter; the ledger shows {@code CANCELLED}); a
   * running one is interrupted. Holds for {@code expiry} (null: {@code cancel.expiry.ms}); expired
   * cancellations of the type are deleted on the way. The topic is read for that only when one this
   * client knows of may have expired (or {@link #SWEEP_AT_LEAST_EVERY} passed), so cancelling many
   * jobs in a row does not read the whole topic for each.
   */
  public Cancellation cancel(String type, String jobId, String by, String reason, Duration expiry) {
    if (expiry == null) {
      expiry = config.cancelExpiry();
    }
    if (expiry.isNegative() || expiry.isZero()) {
      throw new IllegalArgumentException("cancellation expiry must be positive, got " + expiry);
    }
    Instant at = now();
    Cancellation cancellation = new Cancellation(jobId, at.plus(expiry), by, at, reason);
    List<String> expired = new ArrayList<>();
    Instant due = sweepDue.get(type);
    Instant next = null;
    if (due == null || !at.isBefore(due)) {
      ControlState current = state(type);
      next = at.plus(SWEEP_AT_LEAST_EVERY);
      for (Cancellation c : current.cancellations().values()) {
        if (c.jobId().equals(jobId)) {
          continue;
        }
        if (!c.activeAt(at.toEpochMilli())) {
          expired.add(c.key());
        } else if (c.expiresAt().isBefore(next)) {
          next = c.expiresAt();
        }
      }
    } else {
      requireTopic(type);
    }
    String topic = JobTopics.of(type).control();
    List<Future<?>> sends = new ArrayList<>();
    for (String key : expired) {
      sends.add(producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), null)));
    }
    sends.add(send(topic, cancellation));
    await(type, sends);
    if (next != null) {
      sweepDue.put(type, next);
    }
    sweepDue.merge(type, cancellation.expiresAt(), (a, b) -> a.isBefore(b) ? a : b);
    return cancellation;
  }

  /** The desired state of {@code type}: its control topic read to the end. */
  public ControlState state(String type) {
    requireTopic(type);
    return states(List.of(type)).get(type);
  }

  /** The control topics of {@code types} (each known to exist) read with one consumer. */
  private Map<String, ControlState> states(Collection<String> types) {
    if (types.isEmpty()) {
      return Map.of();
    }
    try (Consumer<byte[], byte[]> consumer =
        consumers.apply(ControlTopicReader.consumerProperties(config.consumerProperties()))) {
      return ControlStatesRead.readToEnd(consumer, types, config.timeout());
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new JobControlException("reading the control topic" + (types.size() == 1 ? " of '" + types.iterator().next()
          + "'" : "s of " + types.size() + " types") + " timed out after " + config.timeout().toMillis() + " ms", e);
    }
  }

  /**
   * What {@code type} is doing now: its desired state, worker group members, lag, retries waiting
   * per tier and dead letters, read from Kafka (no worker is asked). {@code group} null means the
   * workers' default group ({@code jobpipe.T}).
   */
  public TypeStatus status(String type, String group) {
    return statuses(List.of(type), group).get(0);
  }

  /**
   * {@link #status} of each of {@code types}, in their order, read together: one listing, one batch
   * of Admin calls for the loads and one consumer for every control topic, however many types.
   * Fails (naming the first) when a type has no main topic.
   */
  public List<TypeStatus> statuses(Collection<String> types, String group) {
    ensureOpen();
    Set<String> names = loads.topics();
    Map<String, String> groups = new LinkedHashMap<>();
    List<String> withControl = new ArrayList<>();
    for (String type : types) {
      JobTopics topics = JobTopics.of(type);
      if (!names.contains(topics.main())) {
        throw new JobControlException("topic " + topics.main() + " does not exist: create it with 'jobpipe topics apply"
            + " --type " + type + "'");
      }
      groups.put(type, group != null ? group : topics.workerGroup());
      if (names.contains(topics.control())) {
        withControl.add(type);
      }
    }
    Map<String, ControlState> controls = states(withControl);
    Map<String, TypeLoads.Load> read = loads.read(groups, names);
    List<TypeStatus> out = new ArrayList<>();
    for (String type : groups.keySet()) {
      TypeLoads.Load l = read.get(type);
      out.add(new TypeStatus(type, controls.getOrDefault(type, ControlState.EMPTY), l.partitions(), l.group(),
          l.groupState(), l.members(), l.lag(), l.inFlight(), l.retrying(), l.deadLetters()));
    }
    return out;
  }

  /** The job types of the cluster: every main topic, sorted. */
  public Set<String> types() {
    ensureOpen();
    Set<String> types = new java.util.TreeSet<>();
    loads.topics().forEach(t -> JobTopics.typeOfMain(t).ifPresent(types::add));
    return types;
  }

  private <E extends ControlEntry> E write(String type, E entry) {
    requireTopic(type);
    await(type, List.of(send(JobTopics.of(type).control(), entry)));
    return entry;
  }

  private Future<?> send(String topic, ControlEntry entry) {
    ensureOpen();
    return producer.send(new ProducerRecord<>(topic, entry.key().getBytes(StandardCharsets.UTF_8),
        ControlCodec.encode(entry)));
  }

  private void await(String type, List<Future<?>> sends) {
    long deadline = System.nanoTime() + config.timeout().toNanos();
    for (Future<?> send : sends) {
      try {
        send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JobControlException("interrupted while writing the control topic of '" + type + "'", e);
      } catch (ExecutionException e) {
        throw new JobControlException("writing the control topic of '" + type + "' failed: " + e.getCause(), e.getCause());
      } catch (TimeoutException e) {
        throw new JobControlException("writing the control topic of '" + type + "' timed out after "
            + config.timeout().toMillis() + " ms", e);
      }
    }
  }

  private void requireTopic(String type) {
    ensureOpen();
    String topic = JobTopics.of(type).control();
    if (!topicExists(topic)) {
      refused(topic).ifPresent(why -> {
        throw new JobControlException("not authorized to use topic " + topic + " (" + why + "): grant the control"
            + " client's principal its ACLs, e.g. 'jobpipe acls --type " + type + " --console-principal P --apply'");
      });
      throw new JobControlException("topic " + topic + " does not exist: create it with 'jobpipe topics apply --type "
          + type + "'");
    }
  }

  /**
   * Why the broker hides {@code topic} from this principal, if it does: a topic it may not describe
   * is left out of the topic list as if it did not exist, so only describing it tells the two apart.
   */
  private Optional<String> refused(String topic) {
    try {
      admin.describeTopics(List.of(topic)).allTopicNames().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (ExecutionException e) {
      return e.getCause() instanceof AuthorizationException
          ? Optional.of(e.getCause().getMessage()) : Optional.empty();
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private boolean topicExists(String topic) {
    return loads.topics().contains(topic);
  }

  private Instant now() {
    return clock.instant();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("JobControl is closed");
    }
  }

  /** Closes the clients, bounded by {@code control.timeout.ms}; idempotent. */
  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        loads.close();
        producer.close(config.timeout());
        admin.close(config.timeout());
      } finally {
        terminated.countDown();
      }
    }
  }

  /** Waits until {@link #close()} has closed the clients; true when that happened within {@code timeout}. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
