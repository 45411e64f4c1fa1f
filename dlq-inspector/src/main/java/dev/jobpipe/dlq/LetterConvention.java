package dev.jobpipe.dlq;

/** Which tool's header conventions a dead letter follows; decides how its columns were derived. */
public enum LetterConvention {
  /** Written by jobpipe: {@code jobpipe.*} headers (DESIGN.md). */
  JOBPIPE,
  /** Written by Spring Kafka's {@code DeadLetterPublishingRecoverer}: {@code kafka_dlt-*} headers, numbers binary. */
  SPRING,
  /** Written by a Kafka Connect errant-record reporter: {@code __connect.errors.*} headers, all strings. */
  CONNECT,
  /** No known headers: only the record's own coordinates and timestamp tell anything. */
  PLAIN
}
