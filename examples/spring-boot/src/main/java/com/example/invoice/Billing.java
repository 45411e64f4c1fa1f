package com.example.invoice;

import dev.jobpipe.producer.JobPublisher;
import org.springframework.stereotype.Service;

// tag::publisher[]
/** Creates invoices; rendering the PDF is a job, so creating an invoice never waits for it. */
@Service
public class Billing {
  private final JobPublisher jobs;

  public Billing(JobPublisher jobs) {   // the starter's bean, from jobpipe.* properties
    this.jobs = jobs;
  }

  public void invoiceCreated(String invoiceId, String customer) {
    jobs.publish(InvoiceApplication.RENDER, invoiceId,
        RenderInvoice.newBuilder().setInvoiceId(invoiceId).setCustomer(customer).build()).join();
  }
}
// end::publisher[]
