package dev.jobpipe.scheduler.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of the scheduler in one JVM by one budget
 * ({@link #MAX_BYTES_CONFIG}): one block cache shared by all stores, which also holds their index
 * and filter blocks and is charged for their memtables. Without it each store instance (two per
 * scheduled partition) takes Kafka Streams' defaults, a 50 MiB cache and up to three 16 MiB
 * memtables, so memory grows with the partition count instead of staying flat.
 */
public final class BoundedStoreMemory implements RocksDBConfigSetter {

  /** The budget in bytes, passed through the Streams configuration. */
  public static final String MAX_BYTES_CONFIG = "jobpipe.scheduler.store.memory.max.bytes";

  private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

  private record Shared(Cache cache, WriteBufferManager writeBuffers, long memtableBytes) {
    static Shared of(long budget) {
      Cache cache = new LRUCache(budget, -1, false, 0.1);
      long memtables = Math.max(1L << 20, budget / 4);
      return new Shared(cache, new WriteBufferManager(memtables, cache), Math.min(16L << 20, memtables / 4));
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    long budget = Long.parseLong(String.valueOf(configs.get(MAX_BYTES_CONFIG)));
    Shared shared = SHARED.computeIfAbsent(budget, Shared::of);
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(shared.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(shared.writeBuffers());
    options.setWriteBufferSize(shared.memtableBytes());
    options.setMaxWriteBufferNumber(2);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and write buffer manager are shared by every store of this JVM: never closed here
  }
}
