package dev.jobpipe.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.testkit.MutableClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class UuidV7GeneratorTest {

  private static final long T0 = Instant.parse("2025-03-01T12:00:00Z").toEpochMilli();

  @Test
  void hasVersion7VariantBitsAndTheClockTime() {
    UUID id = new UuidV7Generator(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC), () -> -1L).next();
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(UuidV7Generator.timestampOf(id)).isEqualTo(T0);
    // the textual form carries the timestamp in its first 12 hex digits and '7' as version nibble
    assertThat(id.toString()).startsWith(String.format("%08x-%04x-7", T0 >>> 16, T0 & 0xFFFF));
  }

  @Test
  void randomBitsFillTheLow62BitsOnly() {
    UUID allOnes = new UuidV7Generator(Clock.systemUTC(), () -> -1L).next();
    assertThat(allOnes.getLeastSignificantBits()).isEqualTo(0xBFFF_FFFF_FFFF_FFFFL);
    UUID allZeros = new UuidV7Generator(Clock.systemUTC(), () -> 0L).next();
    assertThat(allZeros.getLeastSignificantBits()).isEqualTo(0x8000_0000_0000_0000L);
  }

  @Test
  void strictlyIncreasingWithinOneMillisecond() {
    UuidV7Generator ids = new UuidV7Generator(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC), () -> 0L);
    UUID previous = ids.next();
    for (int i = 0; i < 3000; i++) {
      UUID next = ids.next();
      assertThat(next.compareTo(previous)).as("id %d", i).isPositive();
      assertThat(next.toString().compareTo(previous.toString())).isPositive();
      previous = next;
    }
    assertThat(UuidV7Generator.timestampOf(previous)).isEqualTo(T0);
  }

  @Test
  void sequenceOverflowRunsTheTimestampAheadInsteadOfRepeating() {
    UuidV7Generator ids = new UuidV7Generator(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC), () -> 0L);
    Set<UUID> seen = new HashSet<>();
    UUID last = null;
    for (int i = 0; i < 4096 + 10; i++) {
      last = ids.next();
      assertThat(seen.add(last)).isTrue();
    }
    assertThat(UuidV7Generator.timestampOf(last)).isEqualTo(T0 + 1);
  }

  @Test
  void staysMonotonicWhenTheClockStepsBack() {
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
    UuidV7Generator ids = new UuidV7Generator(clock, () -> 0L);
    UUID before = ids.next();
    clock.set(Instant.ofEpochMilli(T0 - 5_000));
    UUID after = ids.next();
    assertThat(after).isGreaterThan(before);
    assertThat(UuidV7Generator.timestampOf(after)).isEqualTo(T0);
  }

  @Test
  void aNewMillisecondRestartsTheSequence() {
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
    UuidV7Generator ids = new UuidV7Generator(clock, () -> 0L);
    ids.next();
    ids.next();
    clock.advanceMillis(1);
    UUID id = ids.next();
    assertThat(UuidV7Generator.timestampOf(id)).isEqualTo(T0 + 1);
    assertThat(id.getMostSignificantBits() & 0xFFF).isZero();
  }

  @Test
  void uniqueAndPerThreadOrderedAcrossThreads() throws Exception {
    UuidV7Generator ids = new UuidV7Generator();
    Set<UUID> all = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          UUID previous = null;
          for (int i = 0; i < 20_000; i++) {
            UUID id = ids.next();
            if (previous != null && id.compareTo(previous) <= 0) {
              return false;
            }
            all.add(id);
            previous = id;
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(all).hasSize(80_000);
  }

  @Test
  void timestampOfRefusesOtherVersions() {
    assertThatThrownBy(() -> UuidV7Generator.timestampOf(UUID.randomUUID()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 7");
  }
}
