package dev.jobpipe.scheduler.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A pending one-off job as the scheduler stores it: everything needed to write it to {@code jobs.T}
 * unchanged (key, value bytes, headers), kept in the due-time index. The encoding is private to the
 * scheduler's store and versioned by its first byte.
 *
 * @param type the job type
 * @param jobId the job id (the key on {@code jobs.T.scheduled})
 * @param dueMillis the due time, epoch milliseconds
 * @param key the key on {@code jobs.T}: the ordering key, or the job id
 */
public record ScheduledJob(String type, String jobId, long dueMillis, byte[] key, byte[] value, Headers headers) {

  private static final byte VERSION = 1;

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length + key.length + 256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(type);
      out.writeUTF(jobId);
      out.writeLong(dueMillis);
      writeBytes(out, key);
      writeBytes(out, value);
      Header[] all = headers.toArray();
      out.writeInt(all.length);
      for (Header h : all) {
        out.writeUTF(h.key());
        writeBytes(out, h.value());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static ScheduledJob decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("unknown scheduled job encoding version " + version);
      }
      String type = in.readUTF();
      String jobId = in.readUTF();
      long due = in.readLong();
      byte[] key = readBytes(in);
      byte[] value = readBytes(in);
      int count = in.readInt();
      RecordHeaders headers = new RecordHeaders();
      for (int i = 0; i < count; i++) {
        headers.add(in.readUTF(), readBytes(in));
      }
      return new ScheduledJob(type, jobId, due, key, value, headers);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt scheduled job in the store", e);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    if (b == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(b.length);
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    return n < 0 ? null : in.readNBytes(n);
  }
}
