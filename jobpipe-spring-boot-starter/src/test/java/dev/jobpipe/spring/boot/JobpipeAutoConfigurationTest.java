package dev.jobpipe.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.consumer.Ordering;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.jobs.ImageResize;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration against a cluster that is not there: beans, settings and lifecycle only. */
class JobpipeAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(JobpipeAutoConfiguration.class))
      .withPropertyValues(
          "jobpipe.bootstrap-servers=localhost:1",
          "jobpipe.schema-registry-url=http://localhost:1",
          "jobpipe.properties.schema.registry.retries=0");

  @JobType("email.send")
  static final class SendEmail implements JobHandler<EmailSend> {
    @Override
    public void handle(Job<EmailSend> job) {}
  }

  @Configuration(proxyBeanMethods = false)
  static class Handlers {
    @Bean
    SendEmail sendEmail() {
      return new SendEmail();
    }

    @Bean
    @JobType("image.resize")
    JobHandler<ImageResize> resize() {
      return job -> job.payload().getWidth();
    }

    @Bean
    JobHandler<ImageResize> notAWorker() {
      return job -> {};
    }
  }

  @Test
  void publisherAndOneWorkerPerJobTypeBeanWithItsSettings() {
    runner.withUserConfiguration(Handlers.class)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues(
            "jobpipe.workers[email.send].concurrency=5",
            "jobpipe.workers[email.send].ordering=partition",
            "jobpipe.workers[email.send].drain-timeout=2s",
            "jobpipe.workers[email.send].properties.commit.interval.ms=150")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(JobPublisher.class).hasSingleBean(JobWorkersHealthIndicator.class);
          JobWorkers workers = context.getBean(JobWorkers.class);
          assertThat(workers.isRunning()).isTrue();
          assertThat(workers.workers()).containsOnlyKeys("email.send", "image.resize");
          JobWorker email = workers.workers().get("email.send");
          assertThat(email.config().concurrency()).isEqualTo(5);
          assertThat(email.config().ordering()).isEqualTo(Ordering.PARTITION);
          assertThat(email.config().shutdownDrainTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(email.config().commitInterval()).isEqualTo(Duration.ofMillis(150));
          assertThat(email.config().concurrency()).isEqualTo(5);
          assertThat(context.getBean(MeterRegistry.class).getMeters())
              .anySatisfy(meter -> assertThat(meter.getId().getName()).startsWith("jobpipe"));
        });
  }

  @Test
  void workersStopWithTheContext() {
    AtomicReference<JobWorkers> workers = new AtomicReference<>();
    runner.withUserConfiguration(Handlers.class).run(context -> workers.set(context.getBean(JobWorkers.class)));
    assertThat(workers.get().isRunning()).isFalse();
    assertThat(workers.get().workers().values()).allSatisfy(worker -> assertThat(worker.terminated()).isTrue());
  }

  @Test
  void aDisabledTypeRunsNoWorker() {
    runner.withUserConfiguration(Handlers.class)
        .withPropertyValues("jobpipe.workers[image.resize].enabled=false")
        .run(context -> assertThat(context.getBean(JobWorkers.class).workers()).containsOnlyKeys("email.send"));
  }

  @Test
  void aUsersOwnPublisherWins() {
    JobPublisher own = JobPublisher.create(java.util.Map.of("bootstrap.servers", "localhost:1",
        "schema.registry.url", "http://localhost:1"));
    runner.withBean("myPublisher", JobPublisher.class, () -> own)
        .run(context -> assertThat(context.getBean(JobPublisher.class)).isSameAs(own));
    own.close();
  }

  @Configuration(proxyBeanMethods = false)
  static class Mistyped {
    @Bean
    @JobType("email.send")
    JobHandler<String> wrong() {
      return job -> {};
    }
  }

  @Test
  void aMistypedHandlerFailsTheContextStartInOneLine() {
    runner.withUserConfiguration(Mistyped.class).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("not an Avro record")
          .hasMessageContaining("java.lang.String");
    });
  }
}
