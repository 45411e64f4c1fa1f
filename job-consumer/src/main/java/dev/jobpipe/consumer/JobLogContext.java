package dev.jobpipe.consumer;

/**
 * The SLF4J MDC keys the worker sets while a handler runs, so that every log line a handler writes
 * (and the worker's own lines about the job) carries the job's identity and trace without the
 * handler passing it around. A JSON log encoder emits them as fields of the same names.
 */
public final class JobLogContext {
  /** The job id. */
  public static final String JOB_ID = "jobId";
  /** The job type. */
  public static final String JOB_TYPE = "jobType";
  /** The attempt number, 1 on first delivery. */
  public static final String ATTEMPT = "attempt";
  /** The W3C trace id, when the job carries a valid {@code traceparent}. */
  public static final String TRACE_ID = "traceId";

  private JobLogContext() {}
}
