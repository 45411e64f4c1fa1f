package com.example.invoice;

import static org.awaitility.Awaitility.await;

import dev.jobpipe.test.JobpipeExtension;
import dev.jobpipe.testkit.JobpipeStack;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

// tag::test[]
/**
 * The application on a real Kafka broker and Schema Registry: the extension starts them before the
 * context and sets jobpipe.bootstrap-servers and jobpipe.schema-registry-url to their addresses.
 */
@ExtendWith(JobpipeExtension.class)
@SpringBootTest
class InvoiceApplicationTest {

  @BeforeAll
  static void topics(JobpipeStack stack) {
    stack.createTopic("jobs." + InvoiceApplication.RENDER, 3);
  }

  @Autowired Billing billing;
  @Autowired InvoiceRenderer renderer;

  @Test
  void aCreatedInvoiceIsRenderedByTheJobTypeHandler() {
    billing.invoiceCreated("INV-1001", "ACME");
    await().atMost(Duration.ofSeconds(60)).until(() -> renderer.rendered().contains("INV-1001"));
  }
}
// end::test[]
