package dev.jobpipe.reliability.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code jobpipe worker} options a scenario chooses: the flags, plus worker and consumer
 * settings that have no flag, passed the documented way ({@code --command-config FILE}). Small
 * in-flight and commit bounds make the duplicate bound of a kill meaningful: a SIGKILLed worker can
 * only have run, and not committed, what it held.
 *
 * @param concurrency {@code --concurrency}
 * @param maxInflightPerPartition {@code --max-inflight-per-partition}
 * @param jobTimeout {@code --job-timeout}, or null for the worker's default
 * @param commitMaxRecords {@code commit.max.records}: commit at least every this many finished jobs
 * @param settings further worker or consumer settings for the command-config file
 */
public record WorkerOptions(int concurrency, int maxInflightPerPartition, Duration jobTimeout, int commitMaxRecords,
    Map<String, String> settings) {

  public WorkerOptions {
    settings = Map.copyOf(settings);
  }

  public WorkerOptions(int concurrency, int maxInflightPerPartition, Duration jobTimeout, int commitMaxRecords) {
    this(concurrency, maxInflightPerPartition, jobTimeout, commitMaxRecords, Map.of());
  }

  /** 16 handlers, 32 records held per partition, a commit at least every 100 finished jobs. */
  public static WorkerOptions defaults() {
    return new WorkerOptions(16, 32, null, 100);
  }

  public WorkerOptions withConcurrency(int n) {
    return new WorkerOptions(n, maxInflightPerPartition, jobTimeout, commitMaxRecords, settings);
  }

  public WorkerOptions withMaxInflightPerPartition(int n) {
    return new WorkerOptions(concurrency, n, jobTimeout, commitMaxRecords, settings);
  }

  public WorkerOptions withCommitMaxRecords(int n) {
    return new WorkerOptions(concurrency, maxInflightPerPartition, jobTimeout, n, settings);
  }

  public WorkerOptions withJobTimeout(Duration timeout) {
    return new WorkerOptions(concurrency, maxInflightPerPartition, timeout, commitMaxRecords, settings);
  }

  /** The same options plus the worker or consumer setting {@code key=value}. */
  public WorkerOptions with(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(settings);
    more.put(key, value);
    return new WorkerOptions(concurrency, maxInflightPerPartition, jobTimeout, commitMaxRecords, more);
  }

  /**
   * How many jobs one worker can have executed without their offsets committed: the finished jobs
   * since its last commit plus every record it holds ({@code max.inflight.per.partition} per
   * partition). A SIGKILL can make at most this many jobs run twice.
   */
  public long uncommittedCapacity(int partitions) {
    return commitMaxRecords + (long) partitions * maxInflightPerPartition;
  }

  /** The settings without a flag, as {@code --command-config} properties. */
  public Map<String, String> commandConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("commit.max.records", Integer.toString(commitMaxRecords));
    config.putAll(settings);
    return config;
  }

  /** The worker flags; writes the command-config file to {@code configFile}. */
  public List<String> args(Path configFile) {
    PropertiesFile.write(configFile, commandConfig());
    List<String> args = new ArrayList<>(List.of(
        "--concurrency", Integer.toString(concurrency),
        "--max-inflight-per-partition", Integer.toString(maxInflightPerPartition),
        "--command-config", configFile.toString()));
    if (jobTimeout != null) {
      args.addAll(List.of("--job-timeout", jobTimeout.toMillis() + "ms"));
    }
    return args;
  }

  /** The consumer group of the workers of {@code type} (the worker's default). */
  public static String group(String type) {
    return "jobpipe." + type;
  }
}
