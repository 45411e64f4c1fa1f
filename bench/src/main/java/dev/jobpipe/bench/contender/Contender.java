package dev.jobpipe.bench.contender;

/**
 * One way of consuming a topic with a fresh consumer group, reporting each record to a
 * {@link Progress}: jobpipe's worker, or one of the libraries it is compared with.
 */
public interface Contender extends AutoCloseable {

  /** Starts consuming; returns at once. */
  void start(Progress progress, Workload workload);

  /** Stops consuming and releases the clients; bounded in time. */
  @Override
  void close();
}
