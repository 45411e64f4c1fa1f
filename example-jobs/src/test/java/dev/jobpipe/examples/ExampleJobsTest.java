package dev.jobpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.jobs.ImageResize;
import dev.jobpipe.schemas.jobs.ReportGenerate;
import org.junit.jupiter.api.Test;

class ExampleJobsTest {

  @Test
  void mapsEachExampleTypeToItsGeneratedClassAndSchema() {
    assertThat(ExampleJobs.payloadClass("email.send")).contains(EmailSend.class);
    assertThat(ExampleJobs.payloadClass("image.resize")).contains(ImageResize.class);
    assertThat(ExampleJobs.payloadClass("report.generate")).contains(ReportGenerate.class);
    assertThat(ExampleJobs.schema("image.resize")).contains(ImageResize.getClassSchema());
  }

  @Test
  void everyExampleTypeIsAValidTypeName() {
    assertThat(ExampleJobs.types().keySet()).allSatisfy(JobTopics::validateType);
  }

  @Test
  void otherTypesHaveNoExampleSchema() {
    assertThat(ExampleJobs.payloadClass("orders.ship")).isEmpty();
    assertThat(ExampleJobs.schema("orders.ship")).isEmpty();
  }
}
