package dev.jobpipe.dlq.internal;

import dev.jobpipe.schemas.JobHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Turns header bytes into what an operator reads: text, decoded numbers and times, or hex. */
public final class HeaderText {

  static final int MAX_HEX_BYTES = 64;

  private static final Set<String> JOBPIPE_TIMES =
      Set.of(JobHeaders.ENQUEUED_AT, JobHeaders.NOT_BEFORE, JobHeaders.FAILED_AT);

  private HeaderText() {}

  /** The display form of header {@code name} with value {@code value}. */
  public static String render(String name, byte[] value) {
    if (value == null) {
      return "(null)";
    }
    if (SpringDltHeaders.BINARY_NUMBERS.contains(name)) {
      OptionalLong n = bigEndian(value);
      if (n.isPresent()) {
        return SpringDltHeaders.BINARY_TIMES.contains(name) ? withTime(n.getAsLong()) : Long.toString(n.getAsLong());
      }
      return hex(value);
    }
    Optional<String> text = utf8(value);
    if (text.isEmpty()) {
      return hex(value);
    }
    if (JOBPIPE_TIMES.contains(name)) {
      try {
        return withTime(Long.parseLong(text.get().strip()));
      } catch (NumberFormatException e) {
        return text.get();
      }
    }
    return text.get();
  }

  /** {@code 1714557600000 (2024-05-01T10:00:00Z)}. */
  static String withTime(long epochMillis) {
    return epochMillis + " (" + Instant.ofEpochMilli(epochMillis) + ")";
  }

  /**
   * A signed big-endian integer of 1 to 8 bytes: Spring writes {@code ByteBuffer.putInt/putLong},
   * some versions {@code BigInteger.toByteArray()}; both read the same way.
   */
  static OptionalLong bigEndian(byte[] value) {
    if (value == null || value.length == 0 || value.length > Long.BYTES) {
      return OptionalLong.empty();
    }
    if (value.length == Integer.BYTES) {
      return OptionalLong.of(ByteBuffer.wrap(value).getInt());
    }
    if (value.length == Long.BYTES) {
      return OptionalLong.of(ByteBuffer.wrap(value).getLong());
    }
    long n = value[0]; // sign-extends
    for (int i = 1; i < value.length; i++) {
      n = (n << 8) | (value[i] & 0xff);
    }
    return OptionalLong.of(n);
  }

  /** The value as text when it is valid UTF-8 without control characters other than whitespace. */
  static Optional<String> utf8(byte[] value) {
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        return Optional.empty();
      }
    }
    return Optional.of(s);
  }

  /** {@code 0x0a1b...}, cut after {@value #MAX_HEX_BYTES} bytes with the full length noted. */
  static String hex(byte[] value) {
    if (value.length <= MAX_HEX_BYTES) {
      return "0x" + HexFormat.of().formatHex(value);
    }
    return "0x" + HexFormat.of().formatHex(value, 0, MAX_HEX_BYTES) + "... (" + value.length + " bytes)";
  }
}
