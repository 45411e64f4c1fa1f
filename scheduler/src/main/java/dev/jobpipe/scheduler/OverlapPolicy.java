package dev.jobpipe.scheduler;

/**
 * Whether a fire may be enqueued while an earlier fire of the same schedule is still queued or
 * running. Only {@link #ALLOW} exists: a fire is a job on {@code jobs.T} like any other, and the
 * scheduler does not read job outcomes; a handler that must not overlap uses an ordering key
 * (the schedule's {@code key}), which makes its worker run the fires one after another.
 */
public enum OverlapPolicy {
  ALLOW;

  public static OverlapPolicy parse(String text) {
    if (text == null || text.trim().equals("allow")) {
      return ALLOW;
    }
    throw new IllegalArgumentException("unknown overlap policy '" + text
        + "': only allow is supported (set the schedule's key to run its fires one at a time)");
  }

  @Override
  public String toString() {
    return "allow";
  }
}
