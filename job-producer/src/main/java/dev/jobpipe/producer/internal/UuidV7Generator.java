package dev.jobpipe.producer.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Job ids as UUID version 7 (RFC 9562): 48-bit Unix time in milliseconds, version {@code 0111},
 * a 12-bit sequence in {@code rand_a}, variant {@code 10}, 62 random bits. Ids sort by creation time,
 * which keeps them readable in logs and friendly to the indexes of whatever stores them.
 *
 * <p>Monotonic per generator (RFC 9562 section 6.2, method 1): within one millisecond the 12-bit
 * sequence counts up; when it overflows, or when the clock steps back, the timestamp field runs
 * ahead of the clock by the needed milliseconds, so every id is strictly greater than the previous
 * one. Uniqueness across processes rests on the 62 random bits, drawn from a per-thread
 * {@link SplittableRandom} seeded by {@link SecureRandom}: cheap enough for the publish hot path,
 * unlike {@link UUID#randomUUID()} which takes a lock on a shared {@code SecureRandom}. Thread-safe.
 */
public final class UuidV7Generator {

  private static final int SEQUENCE_BITS = 12;
  private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;
  private static final long MAX_TIMESTAMP = (1L << 48) - 1;
  private static final long VERSION_7 = 0x7000L;
  private static final long VARIANT_BITS = 0x8000_0000_0000_0000L;
  private static final long RANDOM_62_BITS = 0x3FFF_FFFF_FFFF_FFFFL;

  private static final SecureRandom SEEDS = new SecureRandom();
  private static final ThreadLocal<SplittableRandom> RANDOM =
      ThreadLocal.withInitial(() -> new SplittableRandom(SEEDS.nextLong()));

  private final Clock clock;
  private final LongSupplier random;
  /** The last issued (timestamp << 12 | sequence); ids are strictly increasing in this value. */
  private final AtomicLong last = new AtomicLong();

  /** A generator on the system clock with well-seeded per-thread randomness. */
  public UuidV7Generator() {
    this(Clock.systemUTC(), () -> RANDOM.get().nextLong());
  }

  /** A generator with a given clock and random source; tests use a fixed clock to pin time. */
  public UuidV7Generator(Clock clock, LongSupplier random) {
    this.clock = clock;
    this.random = random;
  }

  /** The next id; strictly greater (in timestamp and sequence) than any this generator issued. */
  public UUID next() {
    long now = clock.millis() & MAX_TIMESTAMP;
    long stamp;
    while (true) {
      long prev = last.get();
      // A fresh millisecond restarts the sequence at 0; otherwise count up, carrying into the
      // timestamp on overflow (the id then runs at most a few ms ahead of the clock).
      long candidate = now > (prev >>> SEQUENCE_BITS) ? now << SEQUENCE_BITS : prev + 1;
      if (last.compareAndSet(prev, candidate)) {
        stamp = candidate;
        break;
      }
    }
    long millis = stamp >>> SEQUENCE_BITS;
    long sequence = stamp & SEQUENCE_MASK;
    long msb = (millis << 16) | VERSION_7 | sequence;
    long lsb = VARIANT_BITS | (random.getAsLong() & RANDOM_62_BITS);
    return new UUID(msb, lsb);
  }

  /** The Unix time in milliseconds encoded in a version 7 UUID. */
  public static long timestampOf(UUID id) {
    if (id.version() != 7) {
      throw new IllegalArgumentException("not a version 7 UUID: " + id);
    }
    return id.getMostSignificantBits() >>> 16;
  }
}
