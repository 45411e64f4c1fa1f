package dev.jobpipe.router.internal;

import dev.jobpipe.schemas.offsets.OffsetMarks;
import java.util.Base64;
import java.util.BitSet;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The commit metadata of a tier partition whose forwarder forwards out of offset order: the
 * committed offset is the oldest record not yet forwarded, and this metadata lists which offsets
 * of the window above it are still pending. Committed in the same transaction as the forwards, it
 * lets a restarted forwarder skip exactly the records already forwarded, so none is doubled.
 *
 * <p>Encoded as {@link OffsetMarks} under the tag {@code jpw} (a mark is a pending offset), the
 * encoding the worker's done-marks use too. A window of 24,000 offsets fits Kafka's default
 * {@code offset.metadata.max.bytes} of 4096 even as a bitmap. The first format,
 * {@code jpw1:<span>:<base64 bitmap>}, is still read, so a router upgraded in the middle of a
 * retry storm skips what its predecessor forwarded.
 */
record WindowMetadata(long base, long end, SortedSet<Long> pending) {

  private static final String TAG = "jpw";
  private static final String LEGACY_PREFIX = "jpw1:";

  /** Nothing above the committed offset: every offset below {@code base} is done, none above is known. */
  static WindowMetadata empty(long base) {
    return new WindowMetadata(base, base, new TreeSet<>());
  }

  String encode() {
    if (end <= base) {
      return "";
    }
    BitSet bits = new BitSet();
    for (long offset : pending) {
      bits.set(Math.toIntExact(offset - base));
    }
    return OffsetMarks.of(base, Math.toIntExact(end - base), bits).encode(TAG);
  }

  /** Decodes the metadata committed with offset {@code base}; empty when it is not ours or malformed. */
  static Optional<WindowMetadata> decode(long base, String metadata) {
    if (metadata != null && metadata.startsWith(LEGACY_PREFIX)) {
      return decodeLegacy(base, metadata);
    }
    try {
      return OffsetMarks.decode(TAG, base, metadata).map(marks -> new WindowMetadata(base, marks.end(),
          marks.offsets().boxed().collect(Collectors.toCollection(TreeSet::new))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<WindowMetadata> decodeLegacy(long base, String metadata) {
    try {
      String rest = metadata.substring(LEGACY_PREFIX.length());
      int colon = rest.indexOf(':');
      long span = Long.parseLong(rest.substring(0, colon));
      if (span <= 0 || span > Integer.MAX_VALUE) {
        return Optional.empty();
      }
      BitSet bits = BitSet.valueOf(Base64.getDecoder().decode(rest.substring(colon + 1)));
      SortedSet<Long> pending = new TreeSet<>();
      for (int i = bits.nextSetBit(0); i >= 0 && i < span; i = bits.nextSetBit(i + 1)) {
        pending.add(base + i);
      }
      return Optional.of(new WindowMetadata(base, base + span, pending));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
