package dev.jobpipe.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application on the embedded stack: the starter's publisher bean publishes a job, and the
 * lambda {@code @JobType} bean runs it as a generated class.
 */
@ExtendWith(JobpipeStackExtension.class)
class StarterIT {

  static final String TYPE = "starter.it";
  static final List<String> HANDLED = new CopyOnWriteArrayList<>();

  @Configuration(proxyBeanMethods = false)
  static class App {
    @Bean
    @JobType(TYPE)
    JobHandler<EmailSend> sendEmail() {
      return job -> HANDLED.add(job.payload().getTo());
    }
  }

  @Test
  void aPublishedJobIsHandledByTheJobTypeBean(JobpipeStack stack) {
    stack.createTopic("jobs." + TYPE, 1);
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JobpipeAutoConfiguration.class))
        .withUserConfiguration(App.class)
        .withPropertyValues(
            "jobpipe.bootstrap-servers=" + stack.bootstrapServers(),
            "jobpipe.schema-registry-url=" + stack.registryUrl(),
            "jobpipe.workers[" + TYPE + "].drain-timeout=5s")
        .run(context -> {
          assertThat(context).hasNotFailed();
          context.getBean(JobPublisher.class)
              .publish(TYPE, EmailSend.newBuilder().setTo("boot@example.com").setSubject("s").setBody("b").build())
              .join();
          await().atMost(Duration.ofSeconds(60)).until(() -> HANDLED.contains("boot@example.com"));
          assertThat(context.getBean(JobWorkers.class).workers().get(TYPE).failure()).isEmpty();
        });
  }
}
