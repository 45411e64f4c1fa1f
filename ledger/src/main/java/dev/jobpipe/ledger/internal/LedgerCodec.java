package dev.jobpipe.ledger.internal;

import dev.jobpipe.ledger.JobState;
import dev.jobpipe.ledger.JobView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of the ledger's internal values: events on the repartition topic and job views
 * in the stores and their changelogs. Every event is written once and read once on its way to the
 * fold, and every fold reads and writes a view, so this is on the ingest path of every event: a
 * JSON mapping (with ISO-8601 times) cost several times the CPU of the fold itself (see
 * bench/RESULTS.md, "Job ledger"). JSON remains the form of the HTTP API ({@link LedgerJson}).
 *
 * <p>Layout: a format byte ({@value #FORMAT}), then the fields in record-component order; strings
 * as varint length + 1 (0 = null) and UTF-8, optional numbers as a presence byte and a zig-zag
 * varint, times as epoch milliseconds (every time the ledger holds comes from one). A value of an
 * unknown format fails with a {@link SerializationException} naming it, never as a wrong view.
 * Values the first ledger wrote as JSON objects are still read.
 */
public final class LedgerCodec {

  /** The only format so far; a new field means a new format that still reads this one. */
  static final byte FORMAT = 1;

  private static final LedgerEvent.Kind[] KINDS = LedgerEvent.Kind.values();
  private static final JobState[] STATES = JobState.values();

  private LedgerCodec() {}

  public static Serde<LedgerEvent> events() {
    return Serdes.serdeFrom((Serializer<LedgerEvent>) (topic, e) -> e == null ? null : write(e),
        (Deserializer<LedgerEvent>) (topic, bytes) -> bytes == null ? null : readEvent(bytes));
  }

  public static Serde<JobView> views() {
    return Serdes.serdeFrom((Serializer<JobView>) (topic, v) -> v == null ? null : write(v),
        (Deserializer<JobView>) (topic, bytes) -> bytes == null ? null : readView(bytes));
  }

  static byte[] write(LedgerEvent e) {
    Out out = new Out();
    out.b(FORMAT);
    out.b(e.kind().ordinal());
    out.str(e.id());
    out.str(e.type());
    out.str(e.key());
    out.optional(e.attempt() == null ? null : e.attempt().longValue());
    out.varlong(e.time());
    out.optional(e.enqueuedAt());
    out.optional(e.dueAt());
    out.str(e.errorClass());
    out.str(e.error());
    out.str(e.dlqReason());
    out.str(e.position());
    out.str(e.replayOf());
    out.str(e.result());
    out.str(e.worker());
    out.optional(e.durationMs());
    return out.bytes();
  }

  static LedgerEvent readEvent(byte[] bytes) {
    if (isJson(bytes)) {
      return json(bytes, LedgerEvent.class);
    }
    In in = new In(bytes, "ledger event");
    LedgerEvent.Kind kind = KINDS[in.index(KINDS.length)];
    String id = in.str();
    String type = in.str();
    String key = in.str();
    Long attempt = in.optional();
    return new LedgerEvent(kind, id, type, key, attempt == null ? null : attempt.intValue(), in.varlong(),
        in.optional(), in.optional(), in.str(), in.str(), in.str(), in.str(), in.str(), in.str(), in.str(),
        in.optional());
  }

  static byte[] write(JobView v) {
    Out out = new Out();
    out.b(FORMAT);
    out.str(v.id());
    out.str(v.type());
    out.str(v.key());
    out.b(v.state().ordinal());
    out.varlong(v.attempt());
    out.time(v.enqueuedAt());
    out.time(v.updatedAt());
    out.time(v.dueAt());
    out.time(v.finishedAt());
    out.optional(v.durationMs());
    out.str(v.worker());
    out.str(v.result());
    out.str(v.dlqReason());
    out.str(v.dlqPosition());
    out.str(v.errorClass());
    out.str(v.error());
    out.str(v.replayOf());
    out.str(v.lastEvent());
    return out.bytes();
  }

  static JobView readView(byte[] bytes) {
    if (isJson(bytes)) {
      return json(bytes, JobView.class);
    }
    In in = new In(bytes, "job view");
    return new JobView(in.str(), in.str(), in.str(), STATES[in.index(STATES.length)], (int) in.varlong(), in.time(),
        in.time(), in.time(), in.time(), in.optional(), in.str(), in.str(), in.str(), in.str(), in.str(), in.str(),
        in.str(), in.str());
  }

  /** The first ledger wrote JSON objects; their changelogs and repartition topics are still read. */
  private static boolean isJson(byte[] bytes) {
    return bytes.length > 0 && bytes[0] == '{';
  }

  private static <T> T json(byte[] bytes, Class<T> type) {
    try {
      return LedgerJson.MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new SerializationException("cannot read a " + type.getSimpleName() + " written as JSON", e);
    }
  }

  private static final class Out {
    private byte[] buf = new byte[128];
    private int n;

    void b(int value) {
      ensure(1);
      buf[n++] = (byte) value;
    }

    void varlong(long value) {
      long v = (value << 1) ^ (value >> 63); // zig-zag: small negatives stay short
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[n++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[n++] = (byte) v;
    }

    void optional(Long value) {
      b(value == null ? 0 : 1);
      if (value != null) {
        varlong(value);
      }
    }

    void time(Instant t) {
      optional(t == null ? null : t.toEpochMilli());
    }

    void str(String s) {
      if (s == null) {
        varlong(0);
        return;
      }
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      varlong(utf8.length + 1L);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buf, n, utf8.length);
      n += utf8.length;
    }

    private void ensure(int more) {
      if (n + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
      }
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, n);
    }
  }

  private static final class In {
    private final byte[] buf;
    private final String what;
    private int at;

    In(byte[] buf, String what) {
      this.buf = buf;
      this.what = what;
      if (buf.length == 0 || buf[0] != FORMAT) {
        throw new SerializationException("cannot read a " + what + " of format "
            + (buf.length == 0 ? "(empty)" : Byte.toString(buf[0])) + "; this ledger reads format " + FORMAT);
      }
      at = 1;
    }

    int index(int bound) {
      int i = next() & 0xFF;
      if (i >= bound) {
        throw new SerializationException("corrupt " + what + ": enum index " + i);
      }
      return i;
    }

    long varlong() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = next();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return (v >>> 1) ^ -(v & 1);
        }
      }
      throw new SerializationException("corrupt " + what + ": varint too long");
    }

    Long optional() {
      return next() == 0 ? null : varlong();
    }

    Instant time() {
      Long millis = optional();
      return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    String str() {
      long length = varlong();
      if (length == 0) {
        return null;
      }
      int len = (int) (length - 1);
      if (len < 0 || at + len > buf.length) {
        throw new SerializationException("corrupt " + what + ": string of " + len + " bytes at " + at);
      }
      String s = new String(buf, at, len, StandardCharsets.UTF_8);
      at += len;
      return s;
    }

    private byte next() {
      if (at >= buf.length) {
        throw new SerializationException("corrupt " + what + ": ends after " + buf.length + " bytes");
      }
      return buf[at++];
    }
  }
}
