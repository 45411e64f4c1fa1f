package dev.jobpipe.cli.demo;

import dev.jobpipe.schemas.DlqReason;
import java.util.EnumMap;
import java.util.Map;

/** One row of the demo summary: how the jobs of one type (or all) ended. */
public final class DemoTally {
  long published;
  long succeeded;
  long missing;
  final Map<DlqReason, Long> deadLettered = new EnumMap<>(DlqReason.class);

  public long published() {
    return published;
  }

  public long succeeded() {
    return succeeded;
  }

  public long missing() {
    return missing;
  }

  public long deadLettered(DlqReason reason) {
    return deadLettered.getOrDefault(reason, 0L);
  }

  public long deadLetteredTotal() {
    return deadLettered.values().stream().mapToLong(Long::longValue).sum();
  }
}
