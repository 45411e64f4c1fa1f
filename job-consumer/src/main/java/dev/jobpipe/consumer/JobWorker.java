package dev.jobpipe.consumer;

import dev.jobpipe.consumer.internal.AvroPayloadDecoder;
import dev.jobpipe.consumer.internal.PayloadTypes;
import dev.jobpipe.consumer.internal.WorkerRuntime;
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
import org.apache.avro.specific.SpecificRecord;
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
 * JobWorker worker = JobWorker.builder(new SendEmail())
 *     .config(Map.of("job.type", "email.send", "bootstrap.servers", "localhost:9092",
 *         "schema.registry.url", "http://localhost:8081"))
 *     .build();
 * worker.start();
 * ...
 * worker.close(); // drains running jobs, commits, leaves the group
 * }</pre>
 *
 * <p>The worker owns the clients it is given or creates and closes them on {@link #close()}.
 */
public final class JobWorker implements AutoCloseable {

  private final JobWorkerConfig config;
  private final WorkerRuntime runtime;

  private JobWorker(JobWorkerConfig config, WorkerRuntime runtime) {
    this.config = config;
    this.runtime = runtime;
  }

  /** A builder for a worker running {@code handler}. */
  public static <T> Builder<T> builder(JobHandler<T> handler) {
    return new Builder<>(handler);
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

  /** Builds a {@link JobWorker}; {@link #build()} validates everything and fails with the key at fault. */
  public static final class Builder<T> {
    private final JobHandler<T> handler;
    private final Map<String, Object> props = new HashMap<>();
    private AvroCodec codec;
    private Class<?> payloadType;
    private ExceptionClassifier classifier = ExceptionClassifier.defaults();
    private MeterRegistry meterRegistry;
    private HealthState health;
    private Clock clock = Clock.systemUTC();
    private Consumer<byte[], byte[]> consumer;
    private Producer<byte[], byte[]> producer;

    private Builder(JobHandler<T> handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** Adds settings: {@link JobWorkerConfig} keys and Kafka client properties. */
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

    /**
     * The generated Avro class to decode payloads into, for handlers whose type argument is erased
     * (lambdas); default: the handler class's type argument, else generic records.
     */
    public Builder<T> payloadType(Class<? extends T> type) {
      this.payloadType = type;
      return this;
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

    /** The consumer to use instead of creating one (tests); the worker closes it. */
    public Builder<T> consumer(Consumer<byte[], byte[]> consumer) {
      this.consumer = consumer;
      return this;
    }

    /** The handoff producer to use instead of creating one (tests); it must be acks=all. */
    public Builder<T> producer(Producer<byte[], byte[]> producer) {
      this.producer = producer;
      return this;
    }

    /**
     * Validates the settings and creates the worker (and its clients, unless given). Throws
     * {@link ConfigException} naming the key for a bad setting, {@link IllegalArgumentException}
     * when the handler's payload type is not an Avro record.
     */
    public JobWorker build() {
      JobWorkerConfig config = new JobWorkerConfig(props);
      Class<?> declared = payloadType != null ? payloadType
          : PayloadTypes.declaredType(handler.getClass()).orElse(null);
      Optional<Class<? extends SpecificRecord>> specific =
          PayloadTypes.specificType(handler.getClass(), Optional.ofNullable(declared));
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
      Consumer<byte[], byte[]> useConsumer = consumer;
      Producer<byte[], byte[]> useProducer = producer;
      try {
        if (useConsumer == null) {
          useConsumer = new KafkaConsumer<>(config.consumerProperties());
        }
        if (useProducer == null) {
          useProducer = new KafkaProducer<>(config.producerProperties());
        }
      } catch (RuntimeException e) {
        if (useConsumer != null && consumer == null) {
          useConsumer.close();
        }
        if (ownedRegistry != null) {
          ownedRegistry.close();
        }
        throw e;
      }
      SchemaRegistryClient registryToClose = ownedRegistry;
      WorkerRuntime runtime = new WorkerRuntime(config, handler,
          new AvroPayloadDecoder(useCodec, specific.orElse(null)), classifier, useConsumer, useProducer,
          meterRegistry != null ? meterRegistry : new SimpleMeterRegistry(),
          health != null ? health : new HealthState(), clock,
          () -> {
            if (registryToClose != null) {
              registryToClose.close();
            }
          });
      return new JobWorker(config, runtime);
    }
  }
}
