package dev.jobpipe.schemas;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Topic names of one job type (DESIGN.md, Topics): {@code jobs.T}, {@code jobs.T.failed},
 * {@code jobs.T.retry.<delay>}, {@code jobs.T.dlq}, {@code jobs.T.done}, {@code jobs.T.scheduled},
 * {@code jobs.T.control}, and the one global topic {@link #CRON}. The only place those names are
 * built or parsed; their settings live in {@link dev.jobpipe.schemas.topics.TopicSpec}.
 */
public final class JobTopics {

  /** A job type name: lower case, starts with a letter or digit, at most 201 characters. */
  public static final Pattern TYPE_PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,200}");

  /** Subscribes to the failed topic of every job type, including types created later. */
  public static final Pattern FAILED_TOPICS = Pattern.compile("jobs\\.(.+)\\.failed");

  /** Matches every retry tier topic of every job type; group 1 is the type, group 2 the delay. */
  public static final Pattern RETRY_TOPICS = Pattern.compile("jobs\\.(.+)\\.retry\\.([0-9]+(?:ms|s|m|h|d))");

  /**
   * Matches every topic of every job type, whatever its role: what a reader of all job events (the
   * ledger) subscribes to, picking its inputs by role with the {@code typeOf...} parsers.
   */
  public static final Pattern ALL_TOPICS = Pattern.compile("jobs\\..+");

  /**
   * Matches every topic of the job types {@code types} matches (whole type names): a superset when
   * a dotted type name is also the start of a longer one ({@code a} matches {@code jobs.a.b.done}),
   * so readers confirm the type with the {@code typeOf...} parsers.
   */
  public static Pattern allTopicsOf(Pattern types) {
    return Pattern.compile(Pattern.quote(PREFIX) + "(?:" + types.pattern() + ")(?:\\..+)?");
  }

  /** Matches the scheduled topic of every job type; group 1 is the type. */
  public static final Pattern SCHEDULED_TOPICS = Pattern.compile("jobs\\.(.+)\\.scheduled");

  /**
   * Matches the topics that tell a job has ended, of every job type: {@code jobs.T.done}
   * (succeeded), {@code jobs.T.dlq} (dead) and {@code jobs.T.control} (whose {@code cancel/<id>}
   * keys cancel a job); group 1 is the type. Pick the role with {@link #typeOfDone},
   * {@link #typeOfDlq} and {@link #typeOfControl}.
   */
  public static final Pattern ENDED_TOPICS = Pattern.compile("jobs\\.(.+)\\.(?:done|dlq|control)");

  /** The compacted topic of recurring-job definitions, keyed by schedule name; one per cluster. */
  public static final String CRON = "jobpipe.cron";

  /** Key prefix of a cancellation on {@code jobs.T.control}; see {@link dev.jobpipe.schemas.control.ControlKey}. */
  public static final String CANCEL_KEY_PREFIX = dev.jobpipe.schemas.control.ControlKey.CANCEL_PREFIX;

  private static final String PREFIX = "jobs.";
  /** Prefix of a type's default worker group ({@link #workerGroup()}). */
  public static final String WORKER_GROUP_PREFIX = "jobpipe.";
  private static final String FAILED = ".failed";
  private static final String RETRY = ".retry.";
  private static final String DLQ = ".dlq";
  private static final String DLQ_REPLAYED = ".replayed";
  private static final String DONE = ".done";
  private static final String SCHEDULED = ".scheduled";
  private static final String CONTROL = ".control";
  /** Role suffixes a main topic name never ends with (a type named {@code x.dlq} would be ambiguous). */
  private static final java.util.List<String> ROLE_SUFFIXES =
      java.util.List.of(FAILED, DLQ, DLQ + DLQ_REPLAYED, DONE, SCHEDULED, CONTROL);

  private final String type;

  private JobTopics(String type) {
    this.type = type;
  }

  /** Topics of {@code type}; throws {@link IllegalArgumentException} naming the type if invalid. */
  public static JobTopics of(String type) {
    return new JobTopics(validateType(type));
  }

  /** Returns {@code type} when it is a valid job type name, else throws with a plain message. */
  public static String validateType(String type) {
    if (type == null || !TYPE_PATTERN.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "invalid job type '" + type + "': must match " + TYPE_PATTERN.pattern());
    }
    return type;
  }

  public String type() {
    return type;
  }

  public String main() {
    return PREFIX + type;
  }

  public String failed() {
    return main() + FAILED;
  }

  public String dlq() {
    return main() + DLQ;
  }

  /** {@code jobs.T.done}: one record per succeeded job, key = job id, value {@code JobDone} (the ledger's input). */
  public String done() {
    return main() + DONE;
  }

  /**
   * {@code jobs.T.scheduled}: one-off jobs waiting for their due time ({@code jobpipe.not.before}),
   * keyed by job id; a tombstone cancels. The scheduler moves each to {@link #main()} when due.
   */
  public String scheduled() {
    return main() + SCHEDULED;
  }

  /** {@code jobs.T.control}: the compacted desired state of the type: keys {@code paused}, {@code rate}, {@code cancel/<job id>}. */
  public String control() {
    return main() + CONTROL;
  }

  /**
   * The DLQ replay log, {@code jobs.T.dlq.replayed}: a compacted topic keyed by DLQ position that
   * records which dead letters were replayed, so a second replay of the same letters is a no-op.
   */
  public String dlqReplayed() {
    return dlq() + DLQ_REPLAYED;
  }

  /**
   * The consumer group the type's workers use unless configured otherwise, {@code jobpipe.T}: where
   * their committed offsets (the type's lag) are read.
   */
  public String workerGroup() {
    return WORKER_GROUP_PREFIX + type;
  }

  /** The retry tier topic for {@code delay}, e.g. {@code jobs.email.retry.30s}. */
  public String retry(Duration delay) {
    return retryPrefix() + RetryDelays.format(delay);
  }

  /** What every retry tier topic of the type starts with, {@code jobs.T.retry.} (for prefixed ACLs). */
  public String retryPrefix() {
    return main() + RETRY;
  }

  /** The job type of a failed topic name, if it is one. */
  public static Optional<String> typeOfFailed(String topic) {
    Matcher m = FAILED_TOPICS.matcher(topic);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The job type of a done topic name, if it is one. */
  public static Optional<String> typeOfDone(String topic) {
    return typeWithSuffix(topic, DONE);
  }

  /** The job type of a DLQ topic name, if it is one. */
  public static Optional<String> typeOfDlq(String topic) {
    return typeWithSuffix(topic, DLQ);
  }

  /** The job type of a control topic name, if it is one. */
  public static Optional<String> typeOfControl(String topic) {
    return typeWithSuffix(topic, CONTROL);
  }

  /** The job type of a retry tier topic name, if it is one. */
  public static Optional<String> typeOfRetry(String topic) {
    Matcher m = RETRY_TOPICS.matcher(topic);
    return m.matches() && TYPE_PATTERN.matcher(m.group(1)).matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The job id of a {@code jobs.T.control} key that cancels a job, if it is one. */
  public static Optional<String> cancelledJobId(String controlKey) {
    return dev.jobpipe.schemas.control.ControlKey.cancelledJobId(controlKey);
  }

  /** The job type of a scheduled topic name, if it is one. */
  public static Optional<String> typeOfScheduled(String topic) {
    Matcher m = SCHEDULED_TOPICS.matcher(topic);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The job type of a DLQ replay log topic name ({@code jobs.T.dlq.replayed}), if it is one. */
  public static Optional<String> typeOfDlqReplayed(String topic) {
    return typeWithSuffix(topic, DLQ + DLQ_REPLAYED);
  }

  private static Optional<String> typeWithSuffix(String topic, String suffix) {
    if (!topic.startsWith(PREFIX) || !topic.endsWith(suffix)) {
      return Optional.empty();
    }
    String type = topic.substring(PREFIX.length(), topic.length() - suffix.length());
    return TYPE_PATTERN.matcher(type).matches() ? Optional.of(type) : Optional.empty();
  }

  /** The job type of a main topic name ({@code jobs.T} with no role suffix), if it is one. */
  public static Optional<String> typeOfMain(String topic) {
    if (!topic.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String type = topic.substring(PREFIX.length());
    if (!TYPE_PATTERN.matcher(type).matches()
        || ROLE_SUFFIXES.stream().anyMatch(type::endsWith)
        || RETRY_TOPICS.matcher(topic).matches()) {
      return Optional.empty();
    }
    return Optional.of(type);
  }

  @Override
  public String toString() {
    return "JobTopics[" + type + "]";
  }
}
