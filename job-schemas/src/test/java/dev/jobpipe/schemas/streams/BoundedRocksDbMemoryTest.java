package dev.jobpipe.schemas.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbMemoryTest {

  private static Options configured(long bytes, double share) {
    Options options = new Options();
    options.setTableFormatConfig(new BlockBasedTableConfig());
    new BoundedRocksDbMemory().setConfig("store", options, Map.of(BoundedRocksDbMemory.BYTES_CONFIG, bytes,
        BoundedRocksDbMemory.WRITE_BUFFER_SHARE_CONFIG, share));
    return options;
  }

  @Test
  void memtablesAreAQuarterOfTheirShareOfTheBudgetAtMost16MiB() {
    try (Options ledger = configured(64L << 20, 0.5); Options scheduler = configured(64L << 20, 0.25);
        Options large = configured(1L << 30, 0.5)) {
      assertThat(ledger.writeBufferSize()).isEqualTo(8L << 20);
      assertThat(scheduler.writeBufferSize()).isEqualTo(4L << 20);
      assertThat(large.writeBufferSize()).isEqualTo(16L << 20);
      assertThat(ledger.maxWriteBufferNumber()).isEqualTo(2);
      BlockBasedTableConfig table = (BlockBasedTableConfig) ledger.tableFormatConfig();
      assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
      assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
    }
  }

  @Test
  void storesAskingForTheSameBudgetShareOneWriteBufferManager() {
    try (Options a = configured(32L << 20, 0.25); Options b = configured(32L << 20, 0.25);
        Options other = configured(48L << 20, 0.25)) {
      assertThat(a.writeBufferManager()).isSameAs(b.writeBufferManager());
      assertThat(other.writeBufferManager()).isNotSameAs(a.writeBufferManager());
    }
  }
}
