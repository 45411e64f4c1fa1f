package dev.jobpipe.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionWindowTest {

  private static final TopicPartition TP = new TopicPartition("jobs.email.retry.5s", 0);
  private static final TierTopic TIER = TierTopic.parse(TP.topic()).orElseThrow();

  private static ConsumerRecord<byte[], byte[]> rec(long offset) {
    return new ConsumerRecord<>(TP.topic(), TP.partition(), offset, null, new byte[] {1});
  }

  private static List<Long> dueOffsets(PartitionWindow w, long now) {
    List<PartitionWindow.Held> due = new ArrayList<>();
    w.collectDue(now, due);
    return due.stream().map(PartitionWindow.Held::offset).toList();
  }

  @Test
  void releasesInDueOrderNotOffsetOrder() {
    PartitionWindow w = new PartitionWindow(TP, TIER, 100, null);
    w.offer(rec(10), 3_000);
    w.offer(rec(11), 1_000);
    w.offer(rec(12), 2_000);
    assertThat(dueOffsets(w, 999)).isEmpty();
    assertThat(w.earliestDue()).isEqualTo(1_000);
    assertThat(dueOffsets(w, 2_000)).containsExactly(11L, 12L);
  }

  @Test
  void commitPointStaysAtTheOldestPendingRecordWithTheRestInMetadata() {
    PartitionWindow w = new PartitionWindow(TP, TIER, 100, null);
    w.offer(rec(10), 3_000);
    w.offer(rec(11), 1_000);
    w.offer(rec(13), 2_000); // 12 is a transaction marker: never fetched
    OffsetAndMetadata commit = w.commitAfter(List.of(11L));
    assertThat(commit.offset()).isEqualTo(10);
    WindowMetadata meta = WindowMetadata.decode(commit.offset(), commit.metadata()).orElseThrow();
    assertThat(meta.end()).isEqualTo(14);
    assertThat(meta.pending()).containsExactly(10L, 13L);
  }

  @Test
  void commitPointMovesToTheEndWhenNothingIsPending() {
    PartitionWindow w = new PartitionWindow(TP, TIER, 100, null);
    w.offer(rec(10), 1_000);
    w.offer(rec(11), 1_000);
    OffsetAndMetadata commit = w.commitAfter(List.of(10L, 11L));
    assertThat(commit).isEqualTo(new OffsetAndMetadata(12, ""));
  }

  @Test
  void restoredWindowSkipsRecordsForwardedBeforeTheRestart() {
    // committed at 10; 10 and 13 still pending, window ended at 14
    String metadata = new WindowMetadata(10, 14, new TreeSet<>(Set.of(10L, 13L))).encode();
    PartitionWindow w = new PartitionWindow(TP, TIER, 100, new OffsetAndMetadata(10, metadata));
    assertThat(w.offer(rec(10), 5)).isEqualTo(PartitionWindow.Offer.TAKEN);
    assertThat(w.offer(rec(11), 5)).isEqualTo(PartitionWindow.Offer.SKIPPED);
    assertThat(w.offer(rec(13), 5)).isEqualTo(PartitionWindow.Offer.TAKEN);
    assertThat(w.offer(rec(14), 5)).isEqualTo(PartitionWindow.Offer.TAKEN);
    assertThat(dueOffsets(w, 5)).containsExactly(10L, 13L, 14L);
  }

  @Test
  void restoredPendingNotYetRefetchedStaysInTheNextCommit() {
    String metadata = new WindowMetadata(10, 20, new TreeSet<>(Set.of(10L, 15L))).encode();
    PartitionWindow w = new PartitionWindow(TP, TIER, 100, new OffsetAndMetadata(10, metadata));
    w.offer(rec(10), 5);
    w.offer(rec(11), 5);
    OffsetAndMetadata commit = w.commitAfter(List.of(10L));
    assertThat(commit.offset()).isEqualTo(12);
    WindowMetadata meta = WindowMetadata.decode(commit.offset(), commit.metadata()).orElseThrow();
    assertThat(meta.end()).isEqualTo(20);
    assertThat(meta.pending()).containsExactly(15L);
  }

  @Test
  void fullWindowRefusesTheNextOffsetUntilTheHeadIsForwarded() {
    PartitionWindow w = new PartitionWindow(TP, TIER, 3, null);
    assertThat(w.offer(rec(0), 9_000)).isEqualTo(PartitionWindow.Offer.TAKEN);
    assertThat(w.offer(rec(1), 1)).isEqualTo(PartitionWindow.Offer.TAKEN);
    assertThat(w.offer(rec(2), 1)).isEqualTo(PartitionWindow.Offer.TAKEN);
    assertThat(w.offer(rec(3), 1)).isEqualTo(PartitionWindow.Offer.FULL);
    assertThat(w.end()).isEqualTo(3);
    List<PartitionWindow.Held> due = new ArrayList<>();
    w.collectDue(1, due);
    w.forwarded(due);
    assertThat(w.hasRoom()).as("head 0 still held").isFalse();
    due.clear();
    w.collectDue(9_000, due);
    w.forwarded(due);
    assertThat(w.hasRoom()).isTrue();
    assertThat(w.offer(rec(3), 1)).isEqualTo(PartitionWindow.Offer.TAKEN);
  }

  @Test
  void alreadySeenOffsetIsSkipped() {
    PartitionWindow w = new PartitionWindow(TP, TIER, 10, new OffsetAndMetadata(5, ""));
    assertThat(w.offer(rec(4), 1)).isEqualTo(PartitionWindow.Offer.SKIPPED);
    assertThat(w.offer(rec(5), 1)).isEqualTo(PartitionWindow.Offer.TAKEN);
    assertThat(w.offer(rec(5), 1)).isEqualTo(PartitionWindow.Offer.SKIPPED);
    assertThat(w.heldCount()).isEqualTo(1);
  }

  @Test
  void metadataRoundTripsAndFitsKafkasDefaultLimit() {
    TreeSet<Long> pending = new TreeSet<>();
    for (long o = 1_000; o < 1_000 + 24_000; o += 2) {
      pending.add(o);
    }
    WindowMetadata big = new WindowMetadata(1_000, 25_000, pending);
    String encoded = big.encode();
    assertThat(encoded.length()).isLessThanOrEqualTo(4096);
    assertThat(WindowMetadata.decode(1_000, encoded)).contains(big);
  }

  @Test
  void theFirstFormatIsStillRead() {
    // jpw1 as the first release wrote it: span 4, pending offsets 10 and 13 (bits 0 and 3)
    assertThat(WindowMetadata.decode(10, "jpw1:4:CQ=="))
        .contains(new WindowMetadata(10, 14, new TreeSet<>(Set.of(10L, 13L))));
    assertThat(new WindowMetadata(10, 14, new TreeSet<>(Set.of(10L, 13L))).encode()).startsWith("jpw:");
  }

  @Test
  void foreignOrMalformedMetadataIsIgnored() {
    assertThat(WindowMetadata.decode(5, "")).isEmpty();
    assertThat(WindowMetadata.decode(5, null)).isEmpty();
    assertThat(WindowMetadata.decode(5, "committed by a tool")).isEmpty();
    assertThat(WindowMetadata.decode(5, "jpw1:xx:AAAA")).isEmpty();
    assertThat(WindowMetadata.decode(5, "jpw1:10:!!!")).isEmpty();
    PartitionWindow w = new PartitionWindow(TP, TIER, 10, new OffsetAndMetadata(5, "garbage"));
    assertThat(w.offer(rec(5), 1)).isEqualTo(PartitionWindow.Offer.TAKEN);
  }
}
