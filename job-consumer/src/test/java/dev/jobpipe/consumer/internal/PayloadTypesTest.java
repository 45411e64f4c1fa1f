package dev.jobpipe.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.schemas.jobs.EmailSend;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class PayloadTypesTest {

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
      Optional<Class<?>> declared = PayloadTypes.declaredType(handler);
      assertThat(declared).contains(EmailSend.class);
      assertThat(PayloadTypes.specificType(handler, declared)).contains(EmailSend.class);
    }
  }

  @Test
  void genericRecordsAndErasedLambdasDecodeGenerically() {
    assertThat(PayloadTypes.specificType(GenericHandler.class, PayloadTypes.declaredType(GenericHandler.class))).isEmpty();
    JobHandler<Object> lambda = job -> {};
    assertThat(PayloadTypes.declaredType(lambda.getClass())).isEmpty();
    assertThat(PayloadTypes.specificType(lambda.getClass(), Optional.empty())).isEmpty();
  }

  @Test
  void nonAvroPayloadTypeIsRejectedNamingTheHandler() {
    assertThatThrownBy(() -> PayloadTypes.specificType(StringHandler.class, PayloadTypes.declaredType(StringHandler.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(StringHandler.class.getName())
        .hasMessageContaining("java.lang.String");
  }
}
