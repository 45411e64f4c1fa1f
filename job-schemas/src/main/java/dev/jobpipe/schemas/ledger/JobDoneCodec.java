package dev.jobpipe.schemas.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.avro.AvroRuntimeException;

/**
 * The value encoding of a {@code jobs.T.done} record: Avro single-object encoding of {@link
 * JobDone} ({@code C3 01}, the schema's 8-byte little-endian CRC-64-AVRO fingerprint, then Avro
 * binary). Self-describing without a schema registry, so a worker writes it and a ledger or a client
 * in any language reads it with nothing but {@code JobDone.avsc}.
 */
public final class JobDoneCodec {

  private JobDoneCodec() {}

  /** The encoded value. */
  public static byte[] encode(JobDone done) {
    try {
      ByteBuffer buffer = done.toByteBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the encoded value to {@code out}: for a writer of many records that reuses one buffer
   * (no intermediate {@code ByteBuffer}, no copies).
   */
  public static void encode(JobDone done, OutputStream out) {
    try {
      JobDone.getEncoder().encode(done, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The record of an encoded value; empty for null, foreign or corrupt bytes, because a record that
   * some other client wrote to a done topic must not stop its reader.
   */
  public static Optional<JobDone> decode(byte[] value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(JobDone.fromByteBuffer(ByteBuffer.wrap(value)));
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }
}
