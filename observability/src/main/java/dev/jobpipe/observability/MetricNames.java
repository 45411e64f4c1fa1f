package dev.jobpipe.observability;

/**
 * Micrometer meter names of DESIGN.md. The Prometheus registry renders them as
 * {@code jobpipe_jobs_total}, {@code jobpipe_job_duration_seconds} and so on; dashboards and alert
 * rules in {@code deploy/} depend on exactly these names.
 */
public final class MetricNames {
  /** Counter; tags {@code type}, {@code outcome} ({@link Outcome}). Prometheus: jobpipe_jobs_total. */
  public static final String JOBS = "jobpipe.jobs";
  /** Timer (histogram); tag {@code type}. Prometheus: jobpipe_job_duration_seconds. */
  public static final String JOB_DURATION = "jobpipe.job.duration";
  /** Timer (histogram): enqueued-at (or not-before) to handler start; tag {@code type}. */
  public static final String JOB_WAIT = "jobpipe.job.wait";
  /** Gauge; tags {@code type}, {@code partition}. Prometheus: jobpipe_queue_lag. */
  public static final String QUEUE_LAG = "jobpipe.queue.lag";
  /** Gauge; tag {@code type}. Prometheus: jobpipe_inflight. */
  public static final String INFLIGHT = "jobpipe.inflight";
  /** Counter; tags {@code type}, {@code tier}. Prometheus: jobpipe_retries_total. */
  public static final String RETRIES = "jobpipe.retries";
  /** Counter; tags {@code type}, {@code reason}. Prometheus: jobpipe_dead_letters_total. */
  public static final String DEAD_LETTERS = "jobpipe.dead.letters";
  /** Timer (histogram): actual forward time minus due time; tags {@code type}, {@code tier}. */
  public static final String FORWARD_LATENESS = "jobpipe.retry.forward.lateness";
  /** Timer (histogram): routing to forward, the time a retry spent in its tier; tags {@code type}, {@code tier}. */
  public static final String RETRY_HOLD = "jobpipe.retry.hold";
  /** Gauge: records in a retry tier not yet forwarded; tags {@code type}, {@code tier}. */
  public static final String RETRY_TIER_LAG = "jobpipe.retry.tier.lag";
  /**
   * Counter: restarts of a router part after a transient failure (a broker outage, a rebalance that
   * found topics missing); tag {@code part} ({@code routing} or {@code forwarder}).
   * Prometheus: jobpipe_router_restarts_total.
   */
  public static final String ROUTER_RESTARTS = "jobpipe.router.restarts";
  /**
   * Counter: records a worker skipped on assignment because the previous owner's commit metadata
   * marks them done (they are not run again); tag {@code type}. Prometheus:
   * jobpipe_worker_skipped_done_total.
   */
  public static final String WORKER_SKIPPED_DONE = "jobpipe.worker.skipped.done";
  /**
   * Counter: committed offsets whose metadata a worker could not read on assignment (the records
   * above them run again); tag {@code type}. Prometheus: jobpipe_worker_commit_metadata_unreadable_total.
   */
  public static final String WORKER_COMMIT_METADATA_UNREADABLE = "jobpipe.worker.commit.metadata.unreadable";
  /**
   * Counter: started records a worker found still not done after the job timeout plus the handoff
   * timeout (each such period counts once); tag {@code type}. Prometheus:
   * jobpipe_worker_stuck_records_total.
   */
  public static final String WORKER_STUCK_RECORDS = "jobpipe.worker.stuck.records";
  /**
   * Gauge: 1 while the worker's type is paused through the control plane ({@code jobs.T.control}),
   * else 0; tag {@code type}. Prometheus: jobpipe_worker_paused.
   */
  public static final String WORKER_PAUSED = "jobpipe.worker.paused";
  /**
   * Gauge: this worker's share of its type's rate limit in jobs per second (the limit times its share
   * of the partitions); NaN without a limit; tag {@code type}. Prometheus: jobpipe_worker_rate_limit.
   */
  public static final String WORKER_RATE_LIMIT = "jobpipe.worker.rate.limit";

  /** Gauge: one-off jobs waiting in the scheduler's store; tag {@code type}. Prometheus: jobpipe_scheduler_pending. */
  public static final String SCHEDULER_PENDING = "jobpipe.scheduler.pending";
  /**
   * Timer (histogram): forward time of a scheduled job minus its due time; tag {@code type}.
   * Prometheus: jobpipe_scheduler_fire_lateness_seconds.
   */
  public static final String SCHEDULER_FIRE_LATENESS = "jobpipe.scheduler.fire.lateness";
  /** Counter: tombstones read; tags {@code type}, {@code outcome} (cancelled, not_pending). */
  public static final String SCHEDULER_CANCELS = "jobpipe.scheduler.cancels";
  /** Counter; tags {@code name}, {@code outcome} (fired, late, skipped). Prometheus: jobpipe_cron_fires_total. */
  public static final String CRON_FIRES = "jobpipe.cron.fires";

  /** Counter: events the ledger read; tag {@code outcome} (applied, ignored). Prometheus: jobpipe_ledger_events_total. */
  public static final String LEDGER_EVENTS = "jobpipe.ledger.events";
  /** Gauge: records of the input topics the ledger has not folded yet. Prometheus: jobpipe_ledger_lag. */
  public static final String LEDGER_LAG = "jobpipe.ledger.lag";
  /** Gauge: jobs held by the ledger instance. Prometheus: jobpipe_ledger_jobs. */
  public static final String LEDGER_JOBS = "jobpipe.ledger.jobs";
  /** Counter: jobs deleted by retention. Prometheus: jobpipe_ledger_expired_total. */
  public static final String LEDGER_EXPIRED = "jobpipe.ledger.expired";

  /**
   * Timer: API requests the console answered; tag {@code outcome} (ok, denied, invalid, failed).
   * Prometheus: jobpipe_console_request_duration_seconds.
   */
  public static final String CONSOLE_REQUEST_DURATION = "jobpipe.console.request.duration";
  /** Counter: console logins; tag {@code outcome} (succeeded, failed). Prometheus: jobpipe_console_logins_total. */
  public static final String CONSOLE_LOGINS = "jobpipe.console.logins";
  /**
   * Counter: operator actions taken in the console; tags {@code action} (replay, purge, pause,
   * resume, rate, cancel, cron_pause, cron_resume, cron_trigger), {@code outcome} (succeeded, failed).
   * Prometheus: jobpipe_console_actions_total.
   */
  public static final String CONSOLE_ACTIONS = "jobpipe.console.actions";
  /**
   * Timer: one read of every type's offsets and consumer groups for the overview.
   * Prometheus: jobpipe_console_sample_duration_seconds.
   */
  public static final String CONSOLE_SAMPLE_DURATION = "jobpipe.console.sample.duration";

  public static final String TAG_TYPE = "type";
  public static final String TAG_NAME = "name";
  public static final String TAG_OUTCOME = "outcome";
  public static final String TAG_PARTITION = "partition";
  public static final String TAG_TIER = "tier";
  public static final String TAG_REASON = "reason";
  public static final String TAG_PART = "part";
  public static final String TAG_ACTION = "action";

  /** Values of the {@code outcome} tag. */
  public static final class Outcome {
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String TIMED_OUT = "timed_out";
    public static final String UNDECODABLE = "undecodable";
    /** Cancelled through the control plane: skipped before it started, or interrupted and stopped. */
    public static final String CANCELLED = "cancelled";

    private Outcome() {}
  }

  private MetricNames() {}
}
