package dev.jobpipe.producer;

/**
 * The serialized payload is larger than the main topic's {@code max.message.bytes} or the
 * producer's {@code max.request.size}; the message gives the payload size and both limits. Refused
 * before sending, so a worker never meets a record it cannot write to its failed topic. Retrying
 * cannot help: make the payload smaller (store the bulk elsewhere and send a reference) or raise
 * both limits.
 */
public class PayloadTooLargeException extends JobPublishException {

  private final int payloadBytes;
  private final int limitBytes;

  public PayloadTooLargeException(String message, int payloadBytes, int limitBytes, Throwable cause) {
    super(message, cause);
    this.payloadBytes = payloadBytes;
    this.limitBytes = limitBytes;
  }

  /** Size of the serialized value in bytes, wire-format header included. */
  public int payloadBytes() {
    return payloadBytes;
  }

  /** The smaller of the two limits that applied. */
  public int limitBytes() {
    return limitBytes;
  }

  @Override
  public boolean isRetriable() {
    return false;
  }
}
