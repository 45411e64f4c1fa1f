package dev.jobpipe.schemas.serde.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The read plans of one reader schema, by writer schema id. The last plan used is checked first,
 * because a topic is nearly always read with a single writer id: the common decode finds its plan
 * with one field read and one comparison, without boxing the id.
 */
public final class ReaderPlans {
  private final ConcurrentHashMap<Integer, ReadPlan> byWriterId = new ConcurrentHashMap<>();
  private volatile ReadPlan last;

  /** The plan for {@code writerId}, built by {@code factory} on first use (which may throw). */
  public ReadPlan get(int writerId, IntFunction<ReadPlan> factory) {
    ReadPlan plan = last;
    if (plan != null && plan.writerId() == writerId) {
      return plan;
    }
    plan = byWriterId.get(writerId);
    if (plan == null) {
      // built outside the map: the factory may call the registry, which must not hold a map lock
      ReadPlan built = factory.apply(writerId);
      plan = byWriterId.putIfAbsent(writerId, built);
      if (plan == null) {
        plan = built;
      }
    }
    last = plan;
    return plan;
  }
}
