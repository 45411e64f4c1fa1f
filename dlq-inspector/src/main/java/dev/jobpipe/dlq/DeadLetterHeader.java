package dev.jobpipe.dlq;

/**
 * One header of a dead letter: the raw bytes and how an operator should read them. {@code text} is
 * the UTF-8 string for textual headers, the decoded number for the binary headers of a known
 * convention (Spring's big-endian ints and longs, with the time for timestamps), and hex for
 * anything else.
 */
public record DeadLetterHeader(String name, byte[] value, String text) {

  @Override
  public String toString() {
    return name + "=" + text;
  }
}
