package dev.jobpipe.dlq;

/** Offsets {@code [start, end)} of one partition: {@code end} is the next offset to be written. */
public record OffsetRange(long start, long end) {

  public OffsetRange {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("invalid offset range [" + start + ", " + end + ")");
    }
  }

  /** How many offsets the range spans (records, plus any transaction markers among them). */
  public long size() {
    return end - start;
  }

  public boolean contains(long offset) {
    return offset >= start && offset < end;
  }

  public boolean isEmpty() {
    return end == start;
  }
}
