package dev.jobpipe.schemas.serde.internal;

import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A per-thread, reusable output buffer and Avro encoder, so encoding a job allocates only the
 * resulting array. Buffers that grew past {@link #RETAIN_LIMIT} for one large value are dropped
 * afterwards rather than kept for the life of the thread.
 */
public final class EncodeBuffer extends OutputStream {
  static final int RETAIN_LIMIT = 1 << 20;
  private static final ThreadLocal<EncodeBuffer> PER_THREAD = ThreadLocal.withInitial(EncodeBuffer::new);

  private byte[] bytes = new byte[256];
  private int size;
  private BinaryEncoder encoder;

  /** This thread's buffer, emptied. */
  public static EncodeBuffer acquire() {
    EncodeBuffer buffer = PER_THREAD.get();
    buffer.size = 0;
    return buffer;
  }

  /** An Avro encoder writing into this buffer; call {@link BinaryEncoder#flush()} before {@link #toByteArray()}. */
  public BinaryEncoder encoder() {
    encoder = EncoderFactory.get().directBinaryEncoder(this, encoder);
    return encoder;
  }

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  /** Writes a 4-byte big-endian int. */
  public void writeIntBigEndian(int value) {
    ensure(4);
    bytes[size] = (byte) (value >>> 24);
    bytes[size + 1] = (byte) (value >>> 16);
    bytes[size + 2] = (byte) (value >>> 8);
    bytes[size + 3] = (byte) value;
    size += 4;
  }

  /** A copy of the bytes written; also releases an oversized buffer. */
  public byte[] toByteArray() {
    byte[] result = Arrays.copyOf(bytes, size);
    release();
    return result;
  }

  /** Forgets the content; drops the array if one value made it grow past the retain limit. */
  public void release() {
    size = 0;
    if (bytes.length > RETAIN_LIMIT) {
      bytes = new byte[256];
    }
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
