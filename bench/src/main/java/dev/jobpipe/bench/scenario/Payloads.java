package dev.jobpipe.bench.scenario;

import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.serde.AvroCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/** The job payload every scenario sends: an {@link EmailSend} whose record value is exactly a given size. */
public final class Payloads {
  private Payloads() {}

  /**
   * An e-mail job whose value in the wire format (5-byte header plus Avro binary) is exactly
   * {@code valueBytes} long: the body is padded until it fits.
   */
  public static EmailSend emailOfValueSize(int valueBytes) {
    for (int body = Math.max(0, valueBytes - 64); body <= valueBytes; body++) {
      EmailSend email = email(body);
      if (AvroCodec.HEADER_SIZE + avroSize(email) == valueBytes) {
        return email;
      }
    }
    throw new IllegalArgumentException("no e-mail payload encodes to exactly " + valueBytes + " bytes");
  }

  private static EmailSend email(int bodyLength) {
    return EmailSend.newBuilder()
        .setTo("someone@example.com")
        .setSubject("Your weekly report")
        .setBody("x".repeat(bodyLength))
        .build();
  }

  static int avroSize(EmailSend email) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new SpecificDatumWriter<>(EmailSend.class).write(email, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.size();
  }
}
