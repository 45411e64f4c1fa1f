package dev.jobpipe.router.internal;

import java.util.Base64;
import java.util.BitSet;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The commit metadata of a tier partition whose forwarder forwards out of offset order: the
 * committed offset is the oldest record not yet forwarded, and this metadata lists which offsets
 * of the window above it are still pending. Committed in the same transaction as the forwards, it
 * lets a restarted forwarder skip exactly the records already forwarded, so none is doubled.
 *
 * <p>Format: {@code jpw1:<span>:<base64 bitmap>}, bit {@code i} set when offset
 * {@code committed + i} is still pending. A window of at most 24,000 offsets fits Kafka's default
 * {@code offset.metadata.max.bytes} of 4096.
 */
record WindowMetadata(long base, long end, SortedSet<Long> pending) {

  private static final String PREFIX = "jpw1:";

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
    return PREFIX + (end - base) + ":" + Base64.getEncoder().encodeToString(bits.toByteArray());
  }

  /** Decodes the metadata committed with offset {@code base}; empty when it is not ours or malformed. */
  static Optional<WindowMetadata> decode(long base, String metadata) {
    if (metadata == null || !metadata.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      String rest = metadata.substring(PREFIX.length());
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
