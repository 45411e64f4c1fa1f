package dev.jobpipe.consumer;

import dev.jobpipe.consumer.internal.AvroPayloadDecoder;
import dev.jobpipe.consumer.internal.PayloadBinding;
import dev.jobpipe.consumer.internal.WorkerRuntime;
import dev.jobpipe.schemas.control.ControlTopicReader;
import dev.jobpipe.observability.HealthState;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.config.ConfigException;

/**
 * Runs one {@link JobHandler} for one job type in one consumer group: consumes {@code jobs.T},
 * runs jobs concurrently on virtual threads (beyond the partition count, in the configured
 * {@link Ordering}), commits only the contiguous prefix of finished jobs, and hands every failure
 * to {@code jobs.T.failed} (undecodable records to {@code jobs.T.dlq}) before committing past it.
 * At-least-once: a crash repeats some work and loses none; a clean {@link #close()} repeats none.
 *
 * <pre>{@code
 * try (JobWorker worker = JobWorker.builder("email.send", EmailSend.class, job -> send(job.payload()))
 *     .bootstrapServers("localhost:9092")
 *     .schemaRegistryUrl("http://localhost:8081")
 *     .concurrency(32)
 *     .build()) {
 *   worker.start();
 *   ...
 * } // close(): drains running jobs, commits, leaves the group
 * }</pre>
 *
 * <p>The payload class is an argument, so a lambda handler keeps its type: the worker decodes every
 * job into that class, and a class that cannot hold the type's payloads fails {@link Builder#build()}
 * with a one-line error naming both types rather than dead-lettering jobs at run time.
 *
 * <p>Lifecycle, shared with the other jobpipe components: {@link #start()} once, {@link #close()}
 * (idempotent, bounded by the drain timeout), {@link #awaitTermination(Duration)}, and
 * {@link AutoCloseable} for try-with-resources. The worker owns the clients it is given or creates
 * and closes them on {@link #close()}.
 */
public final class JobWorker implements AutoCloseable {

  private final JobWorkerConfig config;
  private final WorkerRuntime runtime;

  private JobWorker(JobWorkerConfig config, WorkerRuntime runtime) {
    this.config = config;
    this.runtime = runtime;
  }

  /**
   * A builder for a worker of {@code jobType} running {@code handler} on payloads decoded into
   * {@code payloadType}: a generated Avro class, or {@code GenericRecord} for the writer's schema.
   */
  public static <T> Builder<T> builder(String jobType, Class<T> payloadType, JobHandler<T> handler) {
    return new Builder<>(jobType, Objects.requireNonNull(payloadType, "payloadType"), handler);
  }

  /**
   * A builder for a handler class that names its payload type ({@code implements
   * JobHandler<EmailSend>}), e.g. one loaded by class name. A handler whose type argument is erased
   * (a lambda, a generic class) fails {@link Builder#build()}: use
   * {@link #builder(String, Class, JobHandler)}.
   */
  public static Builder<?> builder(String jobType, JobHandler<?> handler) {
    return new Builder<>(jobType, null, handler);
  }

  /** Starts consuming on the worker's own thread; returns at once. */
  public void start() {
    runtime.start();
  }

  /**
   * Stops fetching, waits for running jobs (up to {@code shutdown.drain.timeout.ms}), commits the
   * done prefix, leaves the group and closes the clients. Blocks until done; idempotent.
   */
  @Override
  public void close() {
    runtime.close();
  }

  /** Waits until the worker has stopped, by {@link #close()} or a fatal error; true if it did. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return runtime.awaitTermination(timeout);
  }

  /** Whether the worker has stopped. */
  public boolean terminated() {
    return runtime.terminated();
  }

  /** The error that stopped the worker on its own (e.g. not authorized for its group), if any. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(runtime.failure());
  }

  /** Handler threads that exceeded the job timeout and have not returned yet. */
  public int abandonedThreads() {
    return runtime.abandonedThreads();
  }

  public JobWorkerConfig config() {
    return config;
  }

  @Override
  public String toString() {
    return "JobWorker[" + config + "]";
  }

  /**
   * Builds a {@link JobWorker}. Typed setters and {@link #config(Map)} write the same
   * {@link JobWorkerConfig} keys (the last write wins), so settings from a file or the environment
   * and settings in code mix freely; {@link #build()} validates everything and fails with the key
   * at fault.
   */
  public static final class Builder<T> {
    private final String jobType;
    private final JobHandler<?> handler;
    private final Class<T> payloadType;
    private final Map<String, Object> props = new HashMap<>();
    private AvroCodec codec;
    private ExceptionClassifier classifier = ExceptionClassifier.defaults();
    private MeterRegistry meterRegistry;
    private HealthState health;
    private Clock clock = Clock.systemUTC();
    private Consumer<byte[], byte[]> consumer;
    private Consumer<byte[], byte[]> controlConsumer;
    private Producer<byte[], byte[]> producer;

    private Builder(String jobType, Class<T> payloadType, JobHandler<?> handler) {
      this.jobType = Objects.requireNonNull(jobType, "jobType");
      this.payloadType = payloadType;
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Adds settings: {@link JobWorkerConfig} keys and Kafka client properties (e.g. read from a file
     * or the environment). A {@value JobWorkerConfig#JOB_TYPE_CONFIG} here must match the builder's type.
     */
    public Builder<T> config(Map<String, ?> settings) {
      props.putAll(settings);
      return this;
    }

    /** Sets one setting. */
    public Builder<T> config(String key, Object value) {
      props.put(key, value);
      return this;
    }

    /** The codec to decode payloads with; default: one on {@code schema.registry.url}. */
    public Builder<T> codec(AvroCodec codec) {
      this.codec = codec;
      return this;
    }

    /** {@code bootstrap.servers} of the consumer and the failure-handoff producer. */
    public Builder<T> bootstrapServers(String servers) {
      return config(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
    }

    /** {@value JobWorkerConfig#SCHEMA_REGISTRY_URL_CONFIG}: the registry payloads are decoded with. */
    public Builder<T> schemaRegistryUrl(String url) {
      return config(JobWorkerConfig.SCHEMA_REGISTRY_URL_CONFIG, url);
    }

    /** {@value JobWorkerConfig#GROUP_ID_CONFIG}; default {@code jobpipe.<job type>}. */
    public Builder<T> groupId(String groupId) {
      return config(JobWorkerConfig.GROUP_ID_CONFIG, groupId);
    }

    /** {@value JobWorkerConfig#CONCURRENCY_CONFIG}: handlers running at once across partitions. */
    public Builder<T> concurrency(int handlers) {
      return config(JobWorkerConfig.CONCURRENCY_CONFIG, handlers);
    }

    /** {@value JobWorkerConfig#ORDERING_CONFIG}: which jobs of one partition may run at once. */
    public Builder<T> ordering(Ordering ordering) {
      return config(JobWorkerConfig.ORDERING_CONFIG, Objects.requireNonNull(ordering, "ordering").configValue());
    }

    /** {@value JobWorkerConfig#MAX_INFLIGHT_PER_PARTITION_CONFIG}: records held per partition before it pauses. */
    public Builder<T> maxInFlightPerPartition(int records) {
      return config(JobWorkerConfig.MAX_INFLIGHT_PER_PARTITION_CONFIG, records);
    }

    /** {@value JobWorkerConfig#JOB_TIMEOUT_MS_CONFIG}: longest a job may run before it is interrupted. */
    public Builder<T> jobTimeout(Duration timeout) {
      return config(JobWorkerConfig.JOB_TIMEOUT_MS_CONFIG, millis(timeout, "jobTimeout"));
    }

    /** {@value JobWorkerConfig#SHUTDOWN_DRAIN_TIMEOUT_MS_CONFIG}: how long {@link #close()} lets running jobs finish. */
    public Builder<T> drainTimeout(Duration timeout) {
      return config(JobWorkerConfig.SHUTDOWN_DRAIN_TIMEOUT_MS_CONFIG, millis(timeout, "drainTimeout"));
    }

    /** {@value JobWorkerConfig#COMMIT_INTERVAL_MS_CONFIG}: how often the done prefix is committed. */
    public Builder<T> commitInterval(Duration interval) {
      return config(JobWorkerConfig.COMMIT_INTERVAL_MS_CONFIG, millis(interval, "commitInterval"));
    }

    /** How failures are classified retryable or terminal; default {@link ExceptionClassifier#defaults()}. */
    public Builder<T> classifier(ExceptionClassifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      return this;
    }

    /** Where the worker's meters go; default a private in-memory registry. */
    public Builder<T> meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /** Liveness and readiness the worker reports into; default a private one. */
    public Builder<T> health(HealthState health) {
      this.health = health;
      return this;
    }

    public Builder<T> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The consumer to use instead of creating one (tests); the worker closes it. A worker given its
     * consumer follows the control topic only when also given {@link #controlConsumer}.
     */
    public Builder<T> consumer(Consumer<byte[], byte[]> consumer) {
      this.consumer = consumer;
      return this;
    }

    /** The consumer that reads {@code jobs.T.control}, instead of creating one (tests); the worker closes it. */
    public Builder<T> controlConsumer(Consumer<byte[], byte[]> controlConsumer) {
      this.controlConsumer = controlConsumer;
      return this;
    }

    /** The handoff producer to use instead of creating one (tests); it must be acks=all. */
    public Builder<T> producer(Producer<byte[], byte[]> producer) {
      this.producer = producer;
      return this;
    }

    /**
     * Validates the settings and the payload type, and creates the worker (and its clients, unless
     * given). Throws {@link ConfigException} naming the key for a bad setting, and
     * {@link IllegalArgumentException} with a one-line message naming both types when the payload
     * type cannot be determined, is not an Avro record, does not fit what the handler class declares,
     * or cannot read the schema registered for the job type.
     */
    public JobWorker build() {
      Object configuredType = props.get(JobWorkerConfig.JOB_TYPE_CONFIG);
      if (configuredType != null && !jobType.equals(configuredType.toString())) {
        throw new ConfigException(JobWorkerConfig.JOB_TYPE_CONFIG, configuredType,
            "the worker is built for job type '" + jobType + "'");
      }
      Map<String, Object> settings = new HashMap<>(props);
      settings.put(JobWorkerConfig.JOB_TYPE_CONFIG, jobType);
      JobWorkerConfig config = new JobWorkerConfig(settings);
      PayloadBinding binding = PayloadBinding.of(handler.getClass(), payloadType);
      AvroCodec useCodec = codec;
      SchemaRegistryClient ownedRegistry = null;
      if (useCodec == null) {
        if (config.schemaRegistryUrl() == null) {
          throw new ConfigException(JobWorkerConfig.SCHEMA_REGISTRY_URL_CONFIG, null,
              "required to decode payloads unless the worker is given a codec");
        }
        ownedRegistry = SchemaRegistryClient.create(config.originals());
        useCodec = new AvroCodec(ownedRegistry, false);
      }
      try {
        binding.checkRegistered(useCodec.registry(), config.topics());
      } catch (RuntimeException e) {
        if (ownedRegistry != null) {
          ownedRegistry.close();
        }
        throw e;
      }
      Consumer<byte[], byte[]> useConsumer = consumer;
      Producer<byte[], byte[]> useProducer = producer;
      Consumer<byte[], byte[]> useControl = controlConsumer;
      try {
        if (useConsumer == null) {
          useConsumer = new KafkaConsumer<>(config.consumerProperties());
          if (useControl == null) {
            useControl = new KafkaConsumer<>(config.controlConsumerProperties());
          }
        }
        if (useProducer == null) {
          useProducer = new KafkaProducer<>(config.producerProperties());
        }
      } catch (RuntimeException e) {
        if (useConsumer != null && consumer == null) {
          useConsumer.close();
        }
        if (useControl != null && controlConsumer == null) {
          useControl.close();
        }
        if (ownedRegistry != null) {
          ownedRegistry.close();
        }
        throw e;
      }
      SchemaRegistryClient registryToClose = ownedRegistry;
      WorkerRuntime runtime = new WorkerRuntime(config, handler,
          new AvroPayloadDecoder(useCodec, binding.specificType().orElse(null)), classifier, useConsumer, useProducer,
          useControl == null ? null : new ControlTopicReader(jobType, useControl),
          meterRegistry != null ? meterRegistry : new SimpleMeterRegistry(),
          health != null ? health : new HealthState(), clock,
          () -> {
            if (registryToClose != null) {
              registryToClose.close();
            }
          });
      return new JobWorker(config, runtime);
    }

    private static long millis(Duration duration, String name) {
      return Objects.requireNonNull(duration, name).toMillis();
    }
  }
}
