package dev.jobpipe.schemas.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Puts every RocksDB store of a JVM's Streams applications that ask for the same budget under that
 * one budget, as Kafka Streams' memory management guide describes: one block cache shared by the
 * stores, which also holds their index and filter blocks and is charged for their memtables (write
 * buffers). Without it each store instance takes Kafka Streams' defaults, a 50 MiB cache and up to
 * three 16 MiB memtables, so off-heap memory grows with the partition count instead of staying
 * within a service-sized budget. Set through {@link StreamsProperties#boundedRocksDb}.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

  /** The budget in bytes, passed through the Streams configuration. */
  public static final String BYTES_CONFIG = "jobpipe.rocksdb.memory.bytes";
  /** The share of the budget the memtables may take (the rest caches blocks), passed the same way. */
  public static final String WRITE_BUFFER_SHARE_CONFIG = "jobpipe.rocksdb.write.buffer.share";

  private static final long MAX_MEMTABLE_BYTES = 16L << 20;
  private static final Map<Budget, Shared> SHARED = new ConcurrentHashMap<>();

  private record Budget(long bytes, double writeBufferShare) {}

  private record Shared(Cache cache, WriteBufferManager writeBuffers, long memtableBytes) {
    static Shared of(Budget budget) {
      RocksDB.loadLibrary();
      Cache cache = new LRUCache(budget.bytes(), -1, false, 0.1);
      long memtables = Math.max(1L << 20, (long) (budget.bytes() * budget.writeBufferShare()));
      return new Shared(cache, new WriteBufferManager(memtables, cache), Math.min(MAX_MEMTABLE_BYTES, memtables / 4));
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Budget budget = new Budget(Long.parseLong(String.valueOf(configs.get(BYTES_CONFIG))),
        Double.parseDouble(String.valueOf(configs.get(WRITE_BUFFER_SHARE_CONFIG))));
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
    // the cache and the write buffer manager are shared by every store of this JVM: never closed here
  }
}
