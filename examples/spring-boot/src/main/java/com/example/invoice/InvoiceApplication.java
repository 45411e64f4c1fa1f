package com.example.invoice;

import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.spring.boot.JobType;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The invoice service: {@link Billing} publishes an {@value #RENDER} job when an invoice is created,
 * and the {@code @JobType} handler bean below runs those jobs as a worker of this application.
 */
@SpringBootApplication
public class InvoiceApplication {
  public static final String RENDER = "invoice.render";

  public static void main(String[] args) {
    SpringApplication.run(InvoiceApplication.class, args);
  }

  // tag::handler[]
  @Bean
  @JobType(RENDER)
  JobHandler<RenderInvoice> renderInvoice(InvoiceRenderer renderer) {
    return job -> renderer.render(job.payload().getInvoiceId(), job.payload().getCustomer());
  }
  // end::handler[]
}
