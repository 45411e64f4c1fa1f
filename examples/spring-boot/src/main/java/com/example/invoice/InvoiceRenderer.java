package com.example.invoice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** Renders invoices (here: remembers which, so the service's test can see the job ran). */
@Component
public class InvoiceRenderer {
  private final List<String> rendered = new CopyOnWriteArrayList<>();

  public void render(String invoiceId, String customer) {
    rendered.add(invoiceId);
  }

  public List<String> rendered() {
    return List.copyOf(rendered);
  }
}
