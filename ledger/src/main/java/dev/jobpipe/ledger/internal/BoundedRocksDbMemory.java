package dev.jobpipe.ledger.internal;

import dev.jobpipe.ledger.JobLedgerConfig;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Puts every RocksDB store of the JVM's ledgers under one memory budget: one block cache that
 * also holds the memtables (write buffers), index and filter blocks, as Kafka Streams' memory
 * management guide describes. Without it each store of each shard takes its own 50 MiB cache and up
 * to three 16 MiB memtables (two stores × six shards: over 1 GiB off-heap at full use), so RSS would
 * grow with the partition count instead of staying within a service-sized budget.
 *
 * <p>The budget is {@code rocksdb.memory.bytes} of the first ledger started in the JVM
 * ({@link #budget(long)}); later ones share it.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

  /** Share of the budget for memtables; the rest caches blocks. */
  private static final double WRITE_BUFFER_SHARE = 0.5;
  private static final long MEMTABLE_BYTES = 8L << 20;

  private static Cache cache;
  private static WriteBufferManager writeBuffers;

  /** Sets the budget, unless a ledger of this JVM already has; before the stores open. */
  public static synchronized void budget(long bytes) {
    if (cache == null) {
      RocksDB.loadLibrary();
      cache = new LRUCache(bytes, -1, false, 0.1);
      writeBuffers = new WriteBufferManager((long) (bytes * WRITE_BUFFER_SHARE), cache);
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    budget(JobLedgerConfig.DEFAULT_ROCKSDB_MEMORY_BYTES); // no-op after JobLedger.start(); else the default
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(writeBuffers);
    options.setWriteBufferSize(MEMTABLE_BYTES);
    options.setMaxWriteBufferNumber(2);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and the write buffer manager are shared by every store of the JVM: never closed here
  }
}
