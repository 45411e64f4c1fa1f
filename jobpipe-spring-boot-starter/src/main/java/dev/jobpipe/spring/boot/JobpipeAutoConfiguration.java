package dev.jobpipe.spring.boot;

import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobPublisherConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * jobpipe for a Spring Boot application: a {@link JobPublisher} from {@code jobpipe.*} (unless the
 * application defines its own), a worker per {@link JobType} handler bean ({@link JobWorkers}),
 * Boot's {@link MeterRegistry} for their meters when there is one, and a health contributor when
 * Boot's health support is present.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@EnableConfigurationProperties(JobpipeProperties.class)
public class JobpipeAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public JobPublisher jobPublisher(JobpipeProperties properties) {
    Map<String, Object> settings = new HashMap<>(properties.properties());
    settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
    settings.put(JobPublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, properties.schemaRegistryUrl());
    return JobPublisher.create(settings);
  }

  @Bean
  @ConditionalOnMissingBean
  public JobWorkers jobpipeWorkers(ConfigurableListableBeanFactory beans, JobpipeProperties properties,
      ObjectProvider<MeterRegistry> meterRegistry) {
    return new JobWorkers(beans, properties, meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
  }

  /** Registered when the application has Boot's health support. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "jobpipeWorkersHealthIndicator")
    JobWorkersHealthIndicator jobpipeWorkersHealthIndicator(JobWorkers workers) {
      return new JobWorkersHealthIndicator(workers);
    }
  }
}
