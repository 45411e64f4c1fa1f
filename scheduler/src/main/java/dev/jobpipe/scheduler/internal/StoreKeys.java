package dev.jobpipe.scheduler.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the scheduler's two stores. The due index is keyed by (due time, type, job id): an
 * 8-byte big-endian due time first, so RocksDB's byte order is due-time order and "everything due
 * by t" is one range scan. The id index is keyed by (type, job id) and holds the due time, so a
 * tombstone or a reschedule finds the entry to delete. A NUL separates type from job id (a type
 * name never contains one).
 */
final class StoreKeys {

  private StoreKeys() {}

  static Bytes id(String type, String jobId) {
    byte[] t = type.getBytes(StandardCharsets.UTF_8);
    byte[] j = jobId.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[t.length + 1 + j.length];
    System.arraycopy(t, 0, out, 0, t.length);
    System.arraycopy(j, 0, out, t.length + 1, j.length);
    return Bytes.wrap(out);
  }

  /** The type of an id-index key. */
  static String typeOfId(Bytes idKey) {
    byte[] b = idKey.get();
    int nul = 0;
    while (nul < b.length && b[nul] != 0) {
      nul++;
    }
    return new String(b, 0, nul, StandardCharsets.UTF_8);
  }

  static Bytes due(long dueMillis, Bytes idKey) {
    byte[] id = idKey.get();
    return Bytes.wrap(ByteBuffer.allocate(8 + id.length).putLong(dueMillis).put(id).array());
  }

  /**
   * The 8-byte key of time {@code millis}: sorts before every due key of that time and after
   * every due key of earlier times, so {@code range(bound(a), bound(b + 1))} is "due in [a, b]".
   */
  static Bytes bound(long millis) {
    return Bytes.wrap(ByteBuffer.allocate(8).putLong(millis).array());
  }

  static long dueOf(Bytes dueKey) {
    return ByteBuffer.wrap(dueKey.get(), 0, 8).getLong();
  }

  static byte[] millis(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  static long millis(byte[] value) {
    return ByteBuffer.wrap(value).getLong();
  }
}
