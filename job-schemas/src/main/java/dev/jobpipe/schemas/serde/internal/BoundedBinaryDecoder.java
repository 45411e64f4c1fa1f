package dev.jobpipe.schemas.serde.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoder over one byte array that never trusts a length it reads. Avro's own
 * {@code BinaryDecoder} allocates whatever a string, bytes or collection length claims (up to 2 GiB)
 * before it notices the data is short, so a garbage value could exhaust the heap of a worker. Here
 * every length is checked against the bytes actually left, and the position is known, so trailing
 * garbage after a complete datum is detected. Not thread-safe; reuse one per thread via
 * {@link #configure}.
 */
public final class BoundedBinaryDecoder extends Decoder {

  /**
   * Collection items need not occupy any byte (an array of nulls), so a block count may exceed the
   * bytes left; up to this many such items per block are accepted, more is taken as corruption.
   */
  static final long MAX_ITEMS_BEYOND_REMAINING = 1 << 16;

  private static final byte[] NONE = new byte[0];

  private byte[] buf = NONE;
  private int pos;
  private int limit;

  /** Points this decoder at {@code data[offset, offset + length)}. */
  public BoundedBinaryDecoder configure(byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + data.length);
    }
    this.buf = data;
    this.pos = offset;
    this.limit = offset + length;
    return this;
  }

  /** Releases the reference to the last value so a long-lived thread does not pin it. */
  public void clear() {
    this.buf = NONE;
    this.pos = 0;
    this.limit = 0;
  }

  /** Bytes not consumed yet. */
  public int remaining() {
    return limit - pos;
  }

  /** Whether every byte has been consumed. */
  public boolean isEnd() {
    return pos == limit;
  }

  @Override
  public void readNull() {}

  @Override
  public boolean readBoolean() throws IOException {
    require(1);
    int b = buf[pos++];
    if (b == 0) {
      return false;
    }
    if (b == 1) {
      return true;
    }
    throw new CorruptDataException("invalid boolean byte " + b + " at position " + (pos - 1));
  }

  @Override
  public int readInt() throws IOException {
    int value = 0;
    int shift = 0;
    for (int i = 0; i < 5; i++) {
      require(1);
      int b = buf[pos++] & 0xff;
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (i == 4 && (b & 0xf0) != 0) {
          throw new CorruptDataException("int varint overflows 32 bits at position " + (pos - 1));
        }
        return (value >>> 1) ^ -(value & 1);
      }
      shift += 7;
    }
    throw new CorruptDataException("int varint longer than 5 bytes at position " + (pos - 1));
  }

  @Override
  public long readLong() throws IOException {
    long value = 0;
    int shift = 0;
    for (int i = 0; i < 10; i++) {
      require(1);
      long b = buf[pos++] & 0xff;
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (i == 9 && (b & 0xfe) != 0) {
          throw new CorruptDataException("long varint overflows 64 bits at position " + (pos - 1));
        }
        return (value >>> 1) ^ -(value & 1);
      }
      shift += 7;
    }
    throw new CorruptDataException("long varint longer than 10 bytes at position " + (pos - 1));
  }

  @Override
  public float readFloat() throws IOException {
    require(4);
    int bits = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
    pos += 4;
    return Float.intBitsToFloat(bits);
  }

  @Override
  public double readDouble() throws IOException {
    require(8);
    long bits = 0;
    for (int i = 7; i >= 0; i--) {
      bits = (bits << 8) | (buf[pos + i] & 0xff);
    }
    pos += 8;
    return Double.longBitsToDouble(bits);
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = readLength("string");
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    System.arraycopy(buf, pos, result.getBytes(), 0, length);
    pos += length;
    return result;
  }

  @Override
  public String readString() throws IOException {
    int length = readLength("string");
    String result = new String(buf, pos, length, StandardCharsets.UTF_8);
    pos += length;
    return result;
  }

  @Override
  public void skipString() throws IOException {
    int length = readLength("string"); // not "pos += readLength(..)": Java would add to the pos before the length
    pos += length;
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int length = readLength("bytes");
    ByteBuffer result;
    if (old != null && length <= old.capacity()) {
      result = old;
      result.clear();
    } else {
      result = ByteBuffer.allocate(length);
    }
    System.arraycopy(buf, pos, result.array(), result.arrayOffset() + result.position(), length);
    pos += length;
    result.limit(length);
    return result;
  }

  @Override
  public void skipBytes() throws IOException {
    int length = readLength("bytes");
    pos += length;
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    require(length);
    System.arraycopy(buf, pos, bytes, start, length);
    pos += length;
  }

  @Override
  public void skipFixed(int length) throws IOException {
    require(length);
    pos += length;
  }

  @Override
  public int readEnum() throws IOException {
    return readInt();
  }

  @Override
  public long readArrayStart() throws IOException {
    return readBlockCount();
  }

  @Override
  public long arrayNext() throws IOException {
    return readBlockCount();
  }

  @Override
  public long skipArray() throws IOException {
    return skipSizedBlocks();
  }

  @Override
  public long readMapStart() throws IOException {
    return readBlockCount();
  }

  @Override
  public long mapNext() throws IOException {
    return readBlockCount();
  }

  @Override
  public long skipMap() throws IOException {
    return skipSizedBlocks();
  }

  @Override
  public int readIndex() throws IOException {
    return readInt();
  }

  private long readBlockCount() throws IOException {
    long count = readLong();
    if (count < 0) {
      if (count == Long.MIN_VALUE) {
        throw new CorruptDataException("invalid block count at position " + pos);
      }
      count = -count;
      long size = readLong();
      if (size < 0 || size > remaining()) {
        throw new CorruptDataException("block size " + size + " exceeds the " + remaining() + " bytes left");
      }
    }
    return checkCount(count);
  }

  /** Skips blocks that declare their byte size; returns the item count of the first block that does not. */
  private long skipSizedBlocks() throws IOException {
    long count = readLong();
    while (count < 0) {
      long size = readLong();
      if (count == Long.MIN_VALUE || size < 0 || size > remaining()) {
        throw new CorruptDataException("block size " + size + " exceeds the " + remaining() + " bytes left");
      }
      pos += (int) size;
      count = readLong();
    }
    return checkCount(count);
  }

  private long checkCount(long count) throws CorruptDataException {
    if (count > remaining() + MAX_ITEMS_BEYOND_REMAINING) {
      throw new CorruptDataException("collection block of " + count + " items cannot fit in the " + remaining() + " bytes left");
    }
    return count;
  }

  private int readLength(String what) throws IOException {
    long length = readLong();
    if (length < 0) {
      throw new CorruptDataException("negative " + what + " length " + length + " at position " + pos);
    }
    if (length > remaining()) {
      throw new CorruptDataException(what + " length " + length + " exceeds the " + remaining() + " bytes left");
    }
    return (int) length;
  }

  private void require(int bytes) throws EOFException {
    if (bytes < 0 || limit - pos < bytes) {
      throw new EOFException("value ends after " + (limit - pos) + " more byte(s), " + bytes + " needed");
    }
  }

  /** The bytes cannot be a valid Avro encoding. */
  public static final class CorruptDataException extends IOException {
    public CorruptDataException(String message) {
      super(message);
    }
  }
}
