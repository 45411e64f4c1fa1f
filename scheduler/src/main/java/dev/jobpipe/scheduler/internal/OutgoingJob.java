package dev.jobpipe.scheduler.internal;

/**
 * A job record on its way to {@code jobs.T}: the value bytes and the topic they go to. The sink's
 * topic extractor reads {@link #topic()}, because a record forwarded from a punctuation has no
 * source topic to derive it from.
 */
public record OutgoingJob(String topic, byte[] value) {}
