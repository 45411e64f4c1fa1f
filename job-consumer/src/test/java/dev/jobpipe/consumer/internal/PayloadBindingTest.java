package dev.jobpipe.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.jobs.ImageResize;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class PayloadBindingTest {

  static class EmailHandler implements JobHandler<EmailSend> {
    @Override
    public void handle(Job<EmailSend> job) {}
  }

  static class SubEmailHandler extends EmailHandler {}

  interface EmailJobs extends JobHandler<EmailSend> {}

  static class ViaSubInterface implements EmailJobs {
    @Override
    public void handle(Job<EmailSend> job) {}
  }

  static class GenericHandler implements JobHandler<GenericRecord> {
    @Override
    public void handle(Job<GenericRecord> job) {}
  }

  static class StringHandler implements JobHandler<String> {
    @Override
    public void handle(Job<String> job) {}
  }

  @Test
  void generatedClassIsFoundThroughSubclassesAndSubInterfaces() {
    for (Class<?> handler : new Class<?>[] {EmailHandler.class, SubEmailHandler.class, ViaSubInterface.class}) {
      assertThat(PayloadBinding.declaredType(handler)).contains(EmailSend.class);
      assertThat(PayloadBinding.of(handler, null).specificType()).contains(EmailSend.class);
    }
  }

  @Test
  void aLambdaWithItsClassNamedDecodesIntoThatClass() {
    JobHandler<EmailSend> lambda = job -> job.payload().getTo();
    assertThat(PayloadBinding.of(lambda.getClass(), EmailSend.class).specificType()).contains(EmailSend.class);
    assertThat(PayloadBinding.of(lambda.getClass(), GenericRecord.class).specificType()).isEmpty();
  }

  @Test
  void aLambdaWithoutItsClassIsRejectedInOneLine() {
    JobHandler<EmailSend> lambda = job -> {};
    assertThatThrownBy(() -> PayloadBinding.of(lambda.getClass(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot determine the payload type")
        .hasMessageContaining("JobWorker.builder(type, PayloadClass.class, handler)")
        .hasMessageNotContaining("\n");
  }

  @Test
  void genericRecordsDecodeGenerically() {
    assertThat(PayloadBinding.of(GenericHandler.class, null).specificType()).isEmpty();
    assertThat(PayloadBinding.of(GenericHandler.class, GenericRecord.class).payloadType()).isEqualTo(GenericRecord.class);
  }

  @Test
  void aClassThatDoesNotFitTheHandlerIsRejectedNamingBothTypes() {
    assertThatThrownBy(() -> PayloadBinding.of(EmailHandler.class, ImageResize.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(EmailSend.class.getName())
        .hasMessageContaining(ImageResize.class.getName())
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> PayloadBinding.of(EmailHandler.class, GenericRecord.class))
        .hasMessageContaining(EmailSend.class.getName())
        .hasMessageContaining(GenericRecord.class.getName());
  }

  @Test
  void nonAvroPayloadTypeIsRejectedNamingTheHandler() {
    assertThatThrownBy(() -> PayloadBinding.of(StringHandler.class, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(StringHandler.class.getName())
        .hasMessageContaining("java.lang.String");
    JobHandler<String> lambda = job -> {};
    assertThatThrownBy(() -> PayloadBinding.of(lambda.getClass(), String.class))
        .hasMessageContaining("not an Avro record");
  }

  @Test
  void theDeclaredTypeIsEmptyForLambdas() {
    JobHandler<Object> lambda = job -> {};
    assertThat(PayloadBinding.declaredType(lambda.getClass())).isEqualTo(Optional.empty());
  }
}
