package dev.jobpipe.test;

import dev.jobpipe.consumer.ExceptionClassifier;
import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.consumer.TraceContext;
import dev.jobpipe.consumer.internal.FailureHandoff;
import dev.jobpipe.consumer.internal.PayloadBinding;
import dev.jobpipe.producer.JsonPayloads;
import dev.jobpipe.router.DefaultRoutingDecider;
import dev.jobpipe.router.Failure;
import dev.jobpipe.router.RetryPolicies;
import dev.jobpipe.router.RetryPolicy;
import dev.jobpipe.router.RoutingDecider;
import dev.jobpipe.router.RoutingDecision;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Runs a {@link JobHandler} in memory, without a broker or registry, and tells what the pipeline
 * would do with the attempt: {@link JobOutcome.Succeeded}, {@link JobOutcome.Retried} with the tier,
 * or {@link JobOutcome.DeadLettered} with the reason. The decision is made by the code the real
 * pipeline runs: the worker's {@link ExceptionClassifier} and failure record, then the router's
 * {@link DefaultRoutingDecider} under the given {@link RetryPolicy}.
 *
 * <pre>{@code
 * JobHandlerTester<EmailSend> tester = JobHandlerTester.of("email.send", EmailSend.class, new SendEmail());
 * assertThat(tester.run(email).succeeded()).isTrue();
 * assertThat(tester.job(email).attempt(3).run()).isInstanceOf(JobOutcome.DeadLettered.class);
 * }</pre>
 *
 * <p>The payload is written and read back in Avro binary with its class's schema, so the handler
 * sees what a worker would decode (strings, defaults, logical types), and a payload that does not
 * fit its schema fails the test at once. The payload class is checked as {@code JobWorker.build()}
 * checks it. Thread-safe; each run is independent.
 *
 * @param <T> the payload type: a generated Avro class, or {@code GenericRecord}
 */
public final class JobHandlerTester<T> {

  private final String type;
  private final Class<T> payloadType;
  private final JobHandler<T> handler;
  private final ExceptionClassifier classifier;
  private final RetryPolicy policy;
  private final Clock clock;

  private JobHandlerTester(String type, Class<T> payloadType, JobHandler<T> handler,
      ExceptionClassifier classifier, RetryPolicy policy, Clock clock) {
    this.type = JobTopics.validateType(type);
    this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    PayloadBinding.of(handler.getClass(), payloadType);
  }

  /**
   * A tester of {@code handler} for job type {@code type}, with the default classifier and retry
   * policy. Throws {@link IllegalArgumentException} where {@code JobWorker.build()} would.
   */
  public static <T> JobHandlerTester<T> of(String type, Class<T> payloadType, JobHandler<T> handler) {
    return new JobHandlerTester<>(type, payloadType, handler, ExceptionClassifier.defaults(),
        RetryPolicy.defaults(), Clock.systemUTC());
  }

  /** The same tester classifying failures with {@code classifier}, as a worker given it would. */
  public JobHandlerTester<T> withClassifier(ExceptionClassifier classifier) {
    return new JobHandlerTester<>(type, payloadType, handler, classifier, policy, clock);
  }

  /** The same tester routing failures under {@code policy}, as a router configured with it would. */
  public JobHandlerTester<T> withRetryPolicy(RetryPolicy policy) {
    return new JobHandlerTester<>(type, payloadType, handler, classifier, policy, clock);
  }

  /** The same tester reading time from {@code clock} (enqueue time, expiry). */
  public JobHandlerTester<T> withClock(Clock clock) {
    return new JobHandlerTester<>(type, payloadType, handler, classifier, policy, clock);
  }

  /** Runs the handler on a first attempt of {@code payload}. */
  public JobOutcome run(T payload) {
    return job(payload).run();
  }

  /** Runs the handler on a first attempt of the payload written as JSON (field names of the schema). */
  public JobOutcome runJson(String json) {
    return jobFromJson(json).run();
  }

  /** A job of {@code payload} whose attempt, id, key and headers can be chosen before it runs. */
  public Delivery job(T payload) {
    return new Delivery(Objects.requireNonNull(payload, "payload"));
  }

  /** A job of the JSON payload; needs a generated payload class (its schema reads the JSON). */
  public Delivery jobFromJson(String json) {
    if (!isSpecific(payloadType)) {
      throw new IllegalStateException("a JSON payload needs a generated payload class; use job(GenericRecord) instead");
    }
    Schema schema = SpecificData.getForClass(payloadType).getSchema(payloadType);
    return new Delivery(JsonPayloads.fromJson(json, schema));
  }

  /** One delivery of a job, configured like the record a worker would read. */
  public final class Delivery {
    private final Object payload;
    private int attempt = 1;
    private String jobId = UUID.randomUUID().toString();
    private String key;
    private Instant enqueuedAt;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Delivery(Object payload) {
      this.payload = payload;
    }

    /** The attempt being run (1 on first delivery, +1 on each retry). */
    public Delivery attempt(int attempt) {
      if (attempt < 1) {
        throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
      }
      this.attempt = attempt;
      return this;
    }

    public Delivery jobId(String jobId) {
      this.jobId = Objects.requireNonNull(jobId, "jobId");
      return this;
    }

    /** The record key (ordering key). */
    public Delivery key(String key) {
      this.key = key;
      return this;
    }

    /** When the job was first published; default now. */
    public Delivery enqueuedAt(Instant enqueuedAt) {
      this.enqueuedAt = Objects.requireNonNull(enqueuedAt, "enqueuedAt");
      return this;
    }

    /** A further header (e.g. {@code traceparent} or the caller's own). */
    public Delivery header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Runs the handler and returns what the pipeline would do next. */
    public JobOutcome run() {
      Instant enqueued = enqueuedAt != null ? enqueuedAt : clock.instant();
      ConsumerRecord<byte[], byte[]> record = record(enqueued);
      T decoded = payloadType.cast(roundTrip(payload));
      Job<T> job = new Job<>(jobId, type, Optional.ofNullable(key), decoded, attempt, enqueued,
          record.headers(), JobHeaders.string(record.headers(), JobHeaders.TRACEPARENT).flatMap(TraceContext::parse),
          record.topic(), record.partition(), record.offset());
      try {
        handler.handle(job);
        return new JobOutcome.Succeeded();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return route(record, e);
      } catch (Exception | Error e) {
        if (e instanceof AssertionError assertion) {
          throw assertion; // a failed assertion inside the handler fails the test, not the job
        }
        return route(record, e);
      }
    }

    private JobOutcome route(ConsumerRecord<byte[], byte[]> record, Throwable error) {
      boolean retryable = classifier.isRetryable(error);
      FailureHandoff handoff = new FailureHandoff(JobTopics.of(type), null, clock,
          JobWorkerConfig.DEFAULT_ERROR_STACK_MAX_BYTES, Duration.ZERO);
      Headers failed = handoff.failedRecord(record, error, retryable).headers();
      RoutingDecider decider = new DefaultRoutingDecider(RetryPolicies.of(policy, Map.of()), clock, () -> 0L);
      RoutingDecision decision = decider.decide(Failure.fromHeaders(type, failed));
      if (decision instanceof RoutingDecision.Retry retry) {
        return new JobOutcome.Retried(retry.tier(), attempt + 1, error);
      }
      RoutingDecision.DeadLetter dead = (RoutingDecision.DeadLetter) decision;
      return new JobOutcome.DeadLettered(dead.reason(), dead.detail(), error);
    }

    private ConsumerRecord<byte[], byte[]> record(Instant enqueued) {
      Headers recordHeaders = new RecordHeaders();
      headers.forEach((name, value) -> recordHeaders.add(name, value.getBytes(StandardCharsets.UTF_8)));
      JobHeaders.set(recordHeaders, JobHeaders.JOB_ID, jobId);
      JobHeaders.set(recordHeaders, JobHeaders.JOB_TYPE, type);
      JobHeaders.set(recordHeaders, JobHeaders.ATTEMPT, attempt);
      JobHeaders.set(recordHeaders, JobHeaders.ENQUEUED_AT, enqueued.toEpochMilli());
      byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
      return new ConsumerRecord<>(JobTopics.of(type).main(), 0, 0L, enqueued.toEpochMilli(), TimestampType.CREATE_TIME,
          keyBytes == null ? -1 : keyBytes.length, 0, keyBytes, new byte[0], recordHeaders, Optional.empty());
    }
  }

  /** Writes the payload in Avro binary and reads it back as the worker would decode it. */
  private Object roundTrip(Object payload) {
    if (!(payload instanceof GenericContainer container)) {
      throw new IllegalArgumentException("payload is not an Avro record: " + payload.getClass().getName());
    }
    Schema writer = container.getSchema();
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
      SpecificData writeData = SpecificData.getForSchema(writer);
      new GenericDatumWriter<Object>(writer, writeData).write(payload, encoder);
      encoder.flush();
      var decoder = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null);
      if (isSpecific(payloadType)) {
        SpecificData data = SpecificData.getForClass(payloadType);
        return new SpecificDatumReader<>(writer, data.getSchema(payloadType), data).read(null, decoder);
      }
      return new GenericDatumReader<>(writer, writer, GenericData.get()).read(null, decoder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("payload does not fit its schema " + writer.getFullName() + ": " + e.getMessage(), e);
    }
  }

  private static boolean isSpecific(Class<?> type) {
    return SpecificRecord.class.isAssignableFrom(type) && !type.isInterface();
  }
}
