package dev.jobpipe.schemas.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OffsetMarksTest {

  private static final String TAG = "jpd";

  @Test
  void roundTripsScatteredAndRunMarks() {
    Random random = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      int span = 1 + random.nextInt(5_000);
      BitSet bits = new BitSet();
      double density = random.nextDouble();
      boolean runs = random.nextBoolean();
      for (int i = 0; i < span; i++) {
        if (runs ? (i / 97) % 2 == 1 : random.nextDouble() < density) {
          bits.set(i);
        }
      }
      OffsetMarks marks = OffsetMarks.of(1_000_000L + trial, span, bits);
      String text = marks.encode(TAG);
      assertThat(OffsetMarks.decode(TAG, marks.base(), text)).contains(marks);
    }
  }

  @Test
  void picksTheSmallerEncoding() {
    BitSet longRuns = new BitSet();
    longRuns.set(10, 20_000);
    String runs = OffsetMarks.of(0, 20_010, longRuns).encode(TAG);
    assertThat(runs.length()).isLessThan(20);
    assertThat(kind(runs)).isEqualTo(OffsetMarks.RUNS);

    BitSet alternate = new BitSet();
    for (int i = 1; i < 800; i += 2) {
      alternate.set(i);
    }
    String bitmap = OffsetMarks.of(0, 800, alternate).encode(TAG);
    assertThat(kind(bitmap)).isEqualTo(OffsetMarks.BITMAP);
    // 800 bits = 100 bytes (+ 4 header) in base64, not 800 one-byte runs
    assertThat(bitmap.length()).isLessThan(150);
  }

  @Test
  void knowsOnlyItsWindow() {
    BitSet bits = new BitSet();
    bits.set(0);
    bits.set(3);
    bits.set(50); // past the span: ignored
    OffsetMarks marks = OffsetMarks.of(100, 10, bits);
    assertThat(marks.marked(100)).isTrue();
    assertThat(marks.marked(103)).isTrue();
    assertThat(marks.marked(101)).isFalse();
    assertThat(marks.marked(99)).isFalse();
    assertThat(marks.marked(150)).isFalse();
    assertThat(marks.offsets()).containsExactly(100L, 103L);
    assertThat(marks.end()).isEqualTo(110);
    assertThat(OffsetMarks.none(7).encode(TAG)).isEmpty();
  }

  @Test
  void oversizedWindowsKeepTheLongestPrefixThatFits() {
    Random random = new Random(7);
    BitSet bits = new BitSet();
    for (int i = 0; i < 100_000; i++) {
      if (random.nextBoolean()) {
        bits.set(i);
      }
    }
    OffsetMarks marks = OffsetMarks.of(500, 100_000, bits);
    String text = marks.encode(TAG, OffsetMarks.DEFAULT_MAX_METADATA_CHARS);
    assertThat(text.length()).isLessThanOrEqualTo(OffsetMarks.DEFAULT_MAX_METADATA_CHARS);
    OffsetMarks kept = OffsetMarks.decode(TAG, 500, text).orElseThrow();
    // a random bitmap costs 8/6 characters per 8 offsets: about 24,000 offsets fit in 4096 characters
    assertThat(kept.span()).isBetween(23_000, 24_600);
    assertThat(kept).isEqualTo(marks.truncatedTo(kept.span()));
    assertThat(OffsetMarks.of(0, 10, bits).encode(TAG, 3)).isEmpty();
  }

  @Test
  void noMetadataIsNothingKnown() {
    assertThat(OffsetMarks.decode(TAG, 5, null)).isEmpty();
    assertThat(OffsetMarks.decode(TAG, 5, "")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello", "jpp:AQEBAA", "jpd:", "jpd:!!!", "jpd:AQ", "jpd:AgAKAA", "jpd:AQkKAA",
      "jpd:AQAKAA", "jpd:AQAK_wc", "jpd:AQEKBQY", "jpd:AQEK", "jpd:AQEAAA", "jpd:AQH_____Dw", "jpd:AQEKCgA"})
  void refusesWhatItCannotReadWhole(String metadata) {
    assertThatThrownBy(() -> OffsetMarks.decode(TAG, 0, metadata)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("null");
  }

  @Test
  void refusesABadTag() {
    assertThatThrownBy(() -> OffsetMarks.none(0).encode("J:")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag");
  }

  private static int kind(String text) {
    return Base64.getUrlDecoder().decode(text.substring(TAG.length() + 1))[1];
  }
}
