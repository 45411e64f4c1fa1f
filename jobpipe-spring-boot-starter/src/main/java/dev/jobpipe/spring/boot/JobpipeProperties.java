package dev.jobpipe.spring.boot;

import dev.jobpipe.consumer.Ordering;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code jobpipe.*} settings of a Spring Boot application.
 *
 * @param bootstrapServers Kafka bootstrap servers of the publisher and the workers
 * @param schemaRegistryUrl Confluent-compatible Schema Registry URL
 * @param properties further Kafka client or jobpipe settings (SASL, TLS, ...) given to the publisher
 *     and every worker, by their own keys
 * @param workers per job type, the settings of its worker; a type name with dots is written in
 *     brackets: {@code jobpipe.workers.[email.send].concurrency=32}
 */
@ConfigurationProperties("jobpipe")
public record JobpipeProperties(
    @DefaultValue("localhost:9092") String bootstrapServers,
    @DefaultValue("http://localhost:8081") String schemaRegistryUrl,
    Map<String, String> properties,
    Map<String, Worker> workers) {

  public JobpipeProperties {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    workers = workers == null ? Map.of() : Map.copyOf(workers);
  }

  /** The settings of one type's worker, or all defaults. */
  public Worker worker(String type) {
    return workers.getOrDefault(type, new Worker(true, null, null, null, null, null, null, null));
  }

  /**
   * The worker of one job type; unset values keep the worker's defaults.
   *
   * @param enabled false to not run this type's worker in this application
   * @param concurrency handlers running at once across partitions
   * @param ordering which jobs of one partition may run at once: partition, key or none
   * @param maxInFlightPerPartition records held per partition before it is paused
   * @param jobTimeout longest a job may run before it is interrupted and retried
   * @param drainTimeout how long running jobs may finish when the context stops
   * @param groupId consumer group; default {@code jobpipe.<type>}
   * @param properties further settings of this worker, by their JobWorkerConfig or Kafka client keys
   */
  public record Worker(
      @DefaultValue("true") boolean enabled,
      Integer concurrency,
      Ordering ordering,
      Integer maxInFlightPerPartition,
      Duration jobTimeout,
      Duration drainTimeout,
      String groupId,
      Map<String, String> properties) {

    public Worker {
      properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
  }
}
