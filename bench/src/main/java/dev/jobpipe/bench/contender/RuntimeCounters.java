package dev.jobpipe.bench.contender;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What this JVM has spent so far on things other than the contender's own work: process CPU time,
 * garbage collections (count and accumulated time) and JIT compilation. Read at a run's first record
 * and at its last completion, the differences show where a slow run's time went (a collection, late
 * compilation) when runs of the same contender differ.
 *
 * @param cpuNanos process CPU time (every thread), -1 if unknown
 * @param gcCount collections of every collector
 * @param gcMillis accumulated collection time of every collector (pauses and concurrent phases as the collectors report them)
 * @param jitMillis accumulated JIT compilation time, -1 if unknown
 * @param allocatedBytes bytes allocated by every thread so far (virtual ones included), -1 if unknown;
 *     unlike CPU time, unaffected by what else the machine runs
 */
public record RuntimeCounters(long cpuNanos, long gcCount, long gcMillis, long jitMillis, long allocatedBytes) {

  /** The counters now. */
  public static RuntimeCounters now() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    var jit = ManagementFactory.getCompilationMXBean();
    long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    long allocated = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()
        ? threads.getTotalThreadAllocatedBytes() : -1;
    return new RuntimeCounters(ChildMain.processCpuNanos(), count, millis, jitMillis, allocated);
  }

  /** Only a CPU time, for callers that count nothing else. */
  static RuntimeCounters cpuOnly(long cpuNanos) {
    return new RuntimeCounters(cpuNanos, 0, 0, -1, -1);
  }

  /** {@code this − earlier}, field by field; an unknown field (-1 on either side) stays -1. */
  public RuntimeCounters since(RuntimeCounters earlier) {
    return new RuntimeCounters(diff(cpuNanos, earlier.cpuNanos), gcCount - earlier.gcCount, gcMillis - earlier.gcMillis,
        diff(jitMillis, earlier.jitMillis), diff(allocatedBytes, earlier.allocatedBytes));
  }

  private static long diff(long later, long earlier) {
    return later < 0 || earlier < 0 ? -1 : later - earlier;
  }
}
