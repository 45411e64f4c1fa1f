package dev.jobpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.jobs.ImageResize;
import dev.jobpipe.schemas.jobs.ReportGenerate;
import org.junit.jupiter.api.Test;

class JobTypesTest {

  @Test
  void mapsEachBuiltInTypeToItsGeneratedClassAndSchema() {
    assertThat(JobTypes.payloadClass("email.send")).contains(EmailSend.class);
    assertThat(JobTypes.payloadClass("image.resize")).contains(ImageResize.class);
    assertThat(JobTypes.payloadClass("report.generate")).contains(ReportGenerate.class);
    assertThat(JobTypes.schema("image.resize")).contains(ImageResize.getClassSchema());
  }

  @Test
  void everyBuiltInTypeIsAValidTypeName() {
    assertThat(JobTypes.builtIn().keySet()).allSatisfy(JobTopics::validateType);
  }

  @Test
  void otherTypesHaveNoBuiltInSchema() {
    assertThat(JobTypes.payloadClass("orders.ship")).isEmpty();
    assertThat(JobTypes.schema("orders.ship")).isEmpty();
  }
}
