package dev.jobpipe.ledger.internal;

import dev.jobpipe.ledger.JobView;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The secondary keys the ledger keeps next to each job, in one store, so that lists and retention
 * are range scans instead of full scans:
 *
 * <ul>
 *   <li>{@code t/<type>/<inverted enqueue time>/<id>} and {@code a/<inverted enqueue time>/<id>}:
 *       jobs of one type, and of all types, newest first;
 *   <li>{@code x/<finish time>/<id>}: terminal jobs, oldest first, for retention.
 * </ul>
 *
 * Times are 16 lower-case hex digits so that string order is time order; the inverted time is
 * {@code Long.MAX_VALUE - millis}. A job's <em>sort key</em> ({@code <inverted time>/<id>}) orders
 * it among all jobs and is what a page cursor holds.
 */
public final class LedgerIndex {

  static final byte[] PRESENT = {1};
  private static final String TYPE_PREFIX = "t/";
  private static final String ALL_PREFIX = "a/";
  static final String EXPIRY_PREFIX = "x/";

  private LedgerIndex() {}

  /** 16 hex digits of a non-negative long. */
  static String hex(long value) {
    String h = Long.toHexString(value);
    return "0".repeat(16 - h.length()) + h;
  }

  static String inverted(long millis) {
    return hex(Long.MAX_VALUE - Math.max(0, millis));
  }

  /** Where the job sorts among all jobs, newest first. */
  public static String sortKey(JobView view) {
    return inverted(view.enqueuedAt().toEpochMilli()) + "/" + view.id();
  }

  /** The prefix of the listing of {@code type}, or of every type when null. */
  static String listPrefix(String type) {
    return type == null ? ALL_PREFIX : TYPE_PREFIX + type + "/";
  }

  static String expiryKey(Instant finishedAt, String id) {
    return EXPIRY_PREFIX + hex(finishedAt.toEpochMilli()) + "/" + id;
  }

  /** The id at the end of an expiry key. */
  static String idOfExpiry(String key) {
    return key.substring(EXPIRY_PREFIX.length() + 17);
  }

  /** The id at the end of a listing key of {@code prefix}. */
  static String idOfListing(String prefix, String key) {
    return key.substring(prefix.length() + 17);
  }

  /** Moves the secondary keys of a job from {@code before} (null: new job) to {@code after} (null: deleted). */
  static void update(KeyValueStore<String, byte[]> index, JobView before, JobView after) {
    boolean listingMoved = before == null || after == null
        || !Objects.equals(before.type(), after.type()) || !before.enqueuedAt().equals(after.enqueuedAt());
    if (listingMoved && before != null) {
      index.delete(TYPE_PREFIX + before.type() + "/" + sortKey(before));
      index.delete(ALL_PREFIX + sortKey(before));
    }
    if (listingMoved && after != null) {
      index.put(TYPE_PREFIX + after.type() + "/" + sortKey(after), PRESENT);
      index.put(ALL_PREFIX + sortKey(after), PRESENT);
    }
    Instant finishedBefore = before == null ? null : before.finishedAt();
    Instant finishedAfter = after == null ? null : after.finishedAt();
    if (!Objects.equals(finishedBefore, finishedAfter)) {
      if (finishedBefore != null) {
        index.delete(expiryKey(finishedBefore, before.id()));
      }
      if (finishedAfter != null) {
        index.put(expiryKey(finishedAfter, after.id()), PRESENT);
      }
    }
  }
}
