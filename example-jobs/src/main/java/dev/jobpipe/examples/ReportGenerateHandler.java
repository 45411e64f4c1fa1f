package dev.jobpipe.examples;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.schemas.jobs.ReportGenerate;
import java.util.function.Consumer;

/**
 * Demo handler of {@code report.generate}: the report named {@value #MISSING_TEMPLATE} always fails
 * (its template is missing, a bug no retry fixes until someone deploys a fix: the case for
 * {@code jobpipe dlq replay}); everything else renders.
 */
public final class ReportGenerateHandler implements JobHandler<ReportGenerate> {
  public static final String MISSING_TEMPLATE = "quarterly-legacy";

  private final Consumer<Job<?>> onSuccess;

  public ReportGenerateHandler() {
    this(null);
  }

  public ReportGenerateHandler(Consumer<Job<?>> onSuccess) {
    this.onSuccess = DemoBehaviour.orNoListener(onSuccess);
  }

  @Override
  public void handle(Job<ReportGenerate> job) throws Exception {
    DemoBehaviour.simulateIo(job);
    if (MISSING_TEMPLATE.equals(job.payload().getReportName())) {
      throw new IllegalStateException("template '" + MISSING_TEMPLATE + "' not found");
    }
    onSuccess.accept(job);
  }
}
