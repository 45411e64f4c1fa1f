package dev.jobpipe.schemas.offsets;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.BitSet;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

/**
 * A set of marked offsets of one partition in the window {@code [base, base + span)} above its
 * committed offset, in the compact text form that travels as the commit's metadata: the worker
 * marks the records already done above the committed offset (a new owner skips them), the tier
 * forwarder the records still pending. What a mark means is the caller's; the tag it encodes with
 * says whose metadata it is.
 *
 * <p>Text form: {@code <tag>:<base64url, no padding>} of {@code version (1 byte) | kind (1 byte) |
 * span (varint) | data}, where data is either a bitmap ({@code ceil(span / 8)} bytes, bit {@code i}
 * for offset {@code base + i}, least significant bit first) or run lengths (varints, alternating
 * unmarked and marked runs, starting with an unmarked one, summing to the span), whichever is
 * smaller: scattered marks cost a bit each, long runs a few bytes each. The version byte lets a later
 * release read what this one wrote; {@link #decode} refuses, with a reason, anything it cannot read
 * whole.
 *
 * <p>Kafka limits commit metadata to {@code offset.metadata.max.bytes} (4096 by default, counted in
 * characters); {@link #encode(String, int)} keeps the longest prefix of the window that fits, so
 * marks above it are dropped (for the worker: those records run again after a restart).
 */
public final class OffsetMarks {

  /** Kafka's default {@code offset.metadata.max.bytes}. */
  public static final int DEFAULT_MAX_METADATA_CHARS = 4096;
  /** Tag of the marks a job worker commits with its offsets (the records done above the committed one). */
  public static final String WORKER_TAG = "jpd";
  /** Largest span {@link #decode} accepts: bounds the memory a corrupt run length can claim. */
  public static final int MAX_SPAN = 1 << 24;

  static final byte VERSION = 1;
  static final byte BITMAP = 0;
  static final byte RUNS = 1;
  private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9]{0,15}");
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder BASE64_DECODER = Base64.getUrlDecoder();

  private final long base;
  private final int span;
  private final BitSet marks;

  private OffsetMarks(long base, int span, BitSet marks) {
    this.base = base;
    this.span = span;
    this.marks = marks;
  }

  /** No offset marked and none known above {@code base}. */
  public static OffsetMarks none(long base) {
    return new OffsetMarks(base, 0, new BitSet());
  }

  /**
   * The window of {@code span} offsets from {@code base} in which bit {@code i} of {@code marks}
   * marks offset {@code base + i}; bits at or above the span are ignored. Copies {@code marks}.
   */
  public static OffsetMarks of(long base, int span, BitSet marks) {
    if (base < 0 || span < 0) {
      throw new IllegalArgumentException("base and span must not be negative: base " + base + ", span " + span);
    }
    BitSet copy = marks.get(0, span);
    return new OffsetMarks(base, span, copy);
  }

  public long base() {
    return base;
  }

  /** The first offset past the window: nothing is known about offsets from here on. */
  public long end() {
    return base + span;
  }

  public int span() {
    return span;
  }

  /** Whether {@code offset} is inside the window and marked. */
  public boolean marked(long offset) {
    long i = offset - base;
    return i >= 0 && i < span && marks.get((int) i);
  }

  /** How many offsets are marked. */
  public int count() {
    return marks.cardinality();
  }

  /** The marked offsets, ascending. */
  public LongStream offsets() {
    return marks.stream().asLongStream().map(i -> base + i);
  }

  /** The same marks in the first {@code newSpan} offsets of the window only. */
  public OffsetMarks truncatedTo(int newSpan) {
    return newSpan >= span ? this : new OffsetMarks(base, Math.max(0, newSpan), marks.get(0, Math.max(0, newSpan)));
  }

  /** The text form under {@code tag}; the empty string for an empty window. */
  public String encode(String tag) {
    requireTag(tag);
    if (span == 0) {
      return "";
    }
    byte[] bitmap = bitmap();
    byte[] runs = runs();
    return tag + ':' + BASE64.encodeToString(runs.length < bitmap.length ? runs : bitmap);
  }

  /**
   * The text form of the longest prefix of the window whose encoding has at most {@code maxChars}
   * characters (the whole window when it fits); the empty string when not even one offset fits.
   */
  public String encode(String tag, int maxChars) {
    String whole = encode(tag);
    if (whole.length() <= maxChars) {
      return whole;
    }
    // the encoded length never shrinks as the span grows: find the longest span that fits
    int fits = 0;
    int tooLong = span;
    while (tooLong - fits > 1) {
      int mid = (fits + tooLong) >>> 1;
      if (truncatedTo(mid).encode(tag).length() <= maxChars) {
        fits = mid;
      } else {
        tooLong = mid;
      }
    }
    return truncatedTo(fits).encode(tag);
  }

  /**
   * Reads metadata committed with offset {@code base}. Empty when there is no metadata (null or
   * empty string: nothing known above the committed offset). Throws {@link IllegalArgumentException}
   * saying why when the metadata is not {@code tag}'s, was written by a newer version, or is corrupt:
   * the caller then knows nothing above the committed offset.
   */
  public static Optional<OffsetMarks> decode(String tag, long base, String metadata) {
    requireTag(tag);
    if (metadata == null || metadata.isEmpty()) {
      return Optional.empty();
    }
    String prefix = tag + ':';
    if (!metadata.startsWith(prefix)) {
      throw new IllegalArgumentException("not " + tag + " metadata: starts with '" + head(metadata) + "'");
    }
    byte[] bytes;
    try {
      bytes = BASE64_DECODER.decode(metadata.substring(prefix.length()).getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not base64url: " + e.getMessage());
    }
    Reader in = new Reader(bytes);
    int version = in.readByte();
    if (version != VERSION) {
      throw new IllegalArgumentException("version " + version + " (this release reads version " + VERSION + ")");
    }
    int kind = in.readByte();
    long spanValue = in.readVarint();
    if (spanValue <= 0 || spanValue > MAX_SPAN) {
      throw new IllegalArgumentException("span " + spanValue + " outside 1.." + MAX_SPAN);
    }
    int span = (int) spanValue;
    BitSet marks = switch (kind) {
      case BITMAP -> in.readBitmap(span);
      case RUNS -> in.readRuns(span);
      default -> throw new IllegalArgumentException("unknown encoding " + kind);
    };
    if (in.remaining() != 0) {
      throw new IllegalArgumentException(in.remaining() + " trailing bytes");
    }
    return Optional.of(new OffsetMarks(base, span, marks));
  }

  private byte[] bitmap() {
    ByteArrayOutputStream out = header(BITMAP);
    byte[] bits = marks.toByteArray();
    out.write(bits, 0, bits.length);
    for (int i = bits.length; i < (span + 7) / 8; i++) {
      out.write(0);
    }
    return out.toByteArray();
  }

  private byte[] runs() {
    ByteArrayOutputStream out = header(RUNS);
    int at = 0;
    boolean markedRun = false;
    while (at < span) {
      int next = markedRun ? marks.nextClearBit(at) : marks.nextSetBit(at);
      if (next < 0 || next > span) {
        next = span;
      }
      writeVarint(out, next - at);
      at = next;
      markedRun = !markedRun;
    }
    return out.toByteArray();
  }

  private ByteArrayOutputStream header(byte kind) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(VERSION);
    out.write(kind);
    writeVarint(out, span);
    return out;
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static void requireTag(String tag) {
    if (tag == null || !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("tag must match " + TAG.pattern() + ": " + tag);
    }
  }

  private static String head(String text) {
    return text.length() <= 12 ? text : text.substring(0, 12) + "...";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OffsetMarks other && base == other.base && span == other.span && marks.equals(other.marks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(base, span, marks);
  }

  @Override
  public String toString() {
    return "OffsetMarks[base=" + base + ", span=" + span + ", marked=" + count() + "]";
  }

  /** Reads the binary form, failing with a reason on anything short or out of range. */
  private static final class Reader {
    private final byte[] bytes;
    private int at;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int remaining() {
      return bytes.length - at;
    }

    int readByte() {
      if (at >= bytes.length) {
        throw new IllegalArgumentException("truncated after " + at + " bytes");
      }
      return bytes[at++];
    }

    long readVarint() {
      long value = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        int b = readByte();
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint longer than 5 bytes at byte " + at);
    }

    BitSet readBitmap(int span) {
      int length = (span + 7) / 8;
      if (remaining() < length) {
        throw new IllegalArgumentException("bitmap of " + remaining() + " bytes for a span of " + span);
      }
      BitSet marks = BitSet.valueOf(java.util.Arrays.copyOfRange(bytes, at, at + length));
      at += length;
      if (marks.length() > span) {
        throw new IllegalArgumentException("bit " + (marks.length() - 1) + " set past the span of " + span);
      }
      return marks;
    }

    BitSet readRuns(int span) {
      BitSet marks = new BitSet();
      long covered = 0;
      boolean markedRun = false;
      while (covered < span) {
        long run = readVarint();
        if (run > span - covered) {
          throw new IllegalArgumentException("runs cover more than the span of " + span);
        }
        if (markedRun) {
          marks.set((int) covered, (int) (covered + run));
        }
        covered += run;
        markedRun = !markedRun;
      }
      return marks;
    }
  }
}
