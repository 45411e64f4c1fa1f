package dev.jobpipe.spring.boot;

import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.observability.HealthState;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.ResolvableType;

/**
 * Runs a {@link JobWorker} for every {@link JobType} handler bean, started with the application
 * context and closed (drained: running jobs finish within the drain timeout) when it stops. The
 * payload class is taken from the bean's declared type ({@code JobHandler<EmailSend>}, also for a
 * lambda returned by a {@code @Bean} method), so no handler-typing mistake reaches the pipeline: it
 * fails the context start with the worker's one-line error.
 */
public final class JobWorkers implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(JobWorkers.class);

  private final ConfigurableListableBeanFactory beans;
  private final JobpipeProperties properties;
  private final MeterRegistry meterRegistry;
  private final Map<String, JobWorker> workers = new LinkedHashMap<>();
  private final Map<String, HealthState> health = new LinkedHashMap<>();
  private volatile boolean running;

  public JobWorkers(ConfigurableListableBeanFactory beans, JobpipeProperties properties, MeterRegistry meterRegistry) {
    this.beans = beans;
    this.properties = properties;
    this.meterRegistry = meterRegistry;
  }

  @Override
  public synchronized void start() {
    try {
      for (String name : beans.getBeanNamesForType(JobHandler.class)) {
        JobType type = beans.findAnnotationOnBean(name, JobType.class);
        if (type == null || !properties.worker(type.value()).enabled()) {
          continue;
        }
        if (workers.containsKey(type.value())) {
          throw new IllegalStateException("two handler beans for job type '" + type.value() + "'; the second is '" + name + "'");
        }
        HealthState state = new HealthState();
        JobWorker worker = builder(type.value(), name).meterRegistry(meterRegistry).health(state).build();
        workers.put(type.value(), worker);
        health.put(type.value(), state);
        worker.start();
        log.info("jobpipe worker for job type {} started with handler bean {}", type.value(), name);
      }
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    running = true;
  }

  private JobWorker.Builder<?> builder(String type, String beanName) {
    JobHandler<?> handler = beans.getBean(beanName, JobHandler.class);
    Class<?> payload = beans.getMergedBeanDefinition(beanName).getResolvableType()
        .as(JobHandler.class).getGeneric(0).resolve();
    if (payload == null) {
      payload = ResolvableType.forClass(handler.getClass()).as(JobHandler.class).getGeneric(0).resolve();
    }
    JobWorker.Builder<?> builder = payload == null ? JobWorker.builder(type, handler) : typed(type, payload, handler);
    JobpipeProperties.Worker settings = properties.worker(type);
    builder.bootstrapServers(properties.bootstrapServers())
        .schemaRegistryUrl(properties.schemaRegistryUrl())
        .config(properties.properties())
        .config(settings.properties());
    if (settings.concurrency() != null) {
      builder.concurrency(settings.concurrency());
    }
    if (settings.ordering() != null) {
      builder.ordering(settings.ordering());
    }
    if (settings.maxInFlightPerPartition() != null) {
      builder.maxInFlightPerPartition(settings.maxInFlightPerPartition());
    }
    if (settings.jobTimeout() != null) {
      builder.jobTimeout(settings.jobTimeout());
    }
    if (settings.drainTimeout() != null) {
      builder.drainTimeout(settings.drainTimeout());
    }
    if (settings.groupId() != null) {
      builder.groupId(settings.groupId());
    }
    return builder;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static JobWorker.Builder<?> typed(String type, Class<?> payload, JobHandler<?> handler) {
    return JobWorker.builder(type, (Class) payload, (JobHandler) handler);
  }

  /** Closes every worker: each drains its running jobs and commits before the context goes on. */
  @Override
  public synchronized void stop() {
    running = false;
    List<JobWorker> closing = new ArrayList<>(workers.values());
    Collections.reverse(closing);
    for (JobWorker worker : closing) {
      try {
        worker.close();
      } catch (RuntimeException e) {
        log.warn("closing {} failed: {}", worker, e.toString());
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** The running workers by job type. */
  public synchronized Map<String, JobWorker> workers() {
    return Map.copyOf(workers);
  }

  /** Health of each worker by job type. */
  synchronized Map<String, HealthState> health() {
    return Map.copyOf(health);
  }

  /** Waits until every worker stopped; true if they all did within {@code timeout} each. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    for (JobWorker worker : workers().values()) {
      if (!worker.awaitTermination(timeout)) {
        return false;
      }
    }
    return true;
  }
}
