package dev.jobpipe.producer;

import dev.jobpipe.schemas.TraceParent;
import dev.jobpipe.schemas.JobHeaders;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.IndexedRecord;

/**
 * One job to publish, with the options beyond type and payload. Build with
 * {@link #builder(String, IndexedRecord)}; invalid options fail at {@link Builder#build()} with a
 * plain message.
 *
 * @param type the job type {@code T}; the job goes to topic {@code jobs.T}
 * @param payload a generated Avro class or a {@code GenericRecord} of the type's schema
 * @param key the ordering key: jobs with the same key go to the same partition and are delivered in
 *     publish order; null to use the job id (no ordering between jobs)
 * @param jobId the caller's own job id, typically an idempotency key from the caller's domain; null
 *     for a fresh UUIDv7. Publishing the same id twice is allowed and yields two records, each run by
 *     the worker (delivery is at-least-once anyway): the id lets a handler recognise a repeat.
 * @param traceparent a W3C trace context to pass on to the worker, or null
 * @param headers further headers, UTF-8 strings; names must not use the {@code jobpipe.} prefix or
 *     {@code traceparent}, which are jobpipe's to set
 */
public record JobRequest(
    String type,
    IndexedRecord payload,
    String key,
    String jobId,
    String traceparent,
    Map<String, String> headers) {

  /** Longest accepted caller-supplied job id, in characters. */
  public static final int MAX_JOB_ID_LENGTH = 256;

  public JobRequest {
    Objects.requireNonNull(type, "job type is required");
    Objects.requireNonNull(payload, "payload is required");
    if (jobId != null && (jobId.isBlank() || jobId.length() > MAX_JOB_ID_LENGTH)) {
      throw new IllegalArgumentException(
          "invalid job id '" + jobId + "': must be non-blank and at most " + MAX_JOB_ID_LENGTH + " characters");
    }
    if (traceparent != null) {
      TraceParent.validate(traceparent);
    }
    if (headers == null || headers.isEmpty()) {
      headers = Map.of();
    } else {
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      headers.forEach(JobRequest::checkHeader);
    }
  }

  /** A request for {@code payload} of job type {@code type} with no further options. */
  public static JobRequest of(String type, IndexedRecord payload) {
    return new JobRequest(type, payload, null, null, null, Map.of());
  }

  public static Builder builder(String type, IndexedRecord payload) {
    return new Builder(type, payload);
  }

  private static void checkHeader(String name, String value) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("header name must not be empty");
    }
    if (name.startsWith(JobHeaders.PREFIX) || name.equals(JobHeaders.TRACEPARENT)) {
      throw new IllegalArgumentException(
          "header '" + name + "' is set by jobpipe; use the JobRequest option instead of a raw header");
    }
    if (value == null) {
      throw new IllegalArgumentException("header '" + name + "' has a null value");
    }
  }

  /** Fluent construction of a {@link JobRequest}. */
  public static final class Builder {
    private final String type;
    private final IndexedRecord payload;
    private String key;
    private String jobId;
    private String traceparent;
    private Map<String, String> headers;

    private Builder(String type, IndexedRecord payload) {
      this.type = type;
      this.payload = payload;
    }

    /** The ordering key; see {@link JobRequest#key()}. */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /** The caller's job id; see {@link JobRequest#jobId()}. */
    public Builder jobId(String jobId) {
      this.jobId = jobId;
      return this;
    }

    /** A W3C {@code traceparent} to pass on. */
    public Builder traceparent(String traceparent) {
      this.traceparent = traceparent;
      return this;
    }

    /** One more header; a later call with the same name replaces the value. */
    public Builder header(String name, String value) {
      if (headers == null) {
        headers = new LinkedHashMap<>();
      }
      headers.put(name, value);
      return this;
    }

    public JobRequest build() {
      return new JobRequest(type, payload, key, jobId, traceparent, headers);
    }
  }
}
