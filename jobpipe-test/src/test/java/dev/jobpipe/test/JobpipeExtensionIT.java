package dev.jobpipe.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobPublisherConfig;
import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.testkit.JobpipeStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension as a service's test uses it: the stack's addresses as properties, a job handled. */
@ExtendWith(JobpipeExtension.class)
class JobpipeExtensionIT {

  @Test
  void publishesTheStacksAddressesAndAJobPublishedThereIsHandled(JobpipeStack stack) throws Exception {
    assertThat(System.getProperty(JobpipeExtension.BOOTSTRAP_SERVERS_PROPERTY)).isEqualTo(stack.bootstrapServers());
    assertThat(System.getProperty(JobpipeExtension.SCHEMA_REGISTRY_URL_PROPERTY)).isEqualTo(stack.registryUrl());

    String type = "extension.it";
    stack.createTopic("jobs." + type, 1);
    List<String> handled = new CopyOnWriteArrayList<>();
    try (JobWorker worker = JobWorker.builder(type, EmailSend.class, job -> handled.add(job.payload().getTo()))
            .bootstrapServers(stack.bootstrapServers()).schemaRegistryUrl(stack.registryUrl()).build();
        JobPublisher publisher = JobPublisher.create(Map.of(
            JobPublisherConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
            JobPublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl()))) {
      publisher.publish(type, EmailSend.newBuilder().setTo("it@example.com").setSubject("s").setBody("b").build()).join();
      worker.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> handled.contains("it@example.com"));
    }
  }
}
