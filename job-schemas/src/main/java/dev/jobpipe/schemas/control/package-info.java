/**
 * The control plane's wire format: the records of the compacted topic {@code jobs.T.control}, the
 * desired state of one job type. Three kinds of key: {@code paused} ({@link PauseState}),
 * {@code rate} ({@link RateLimit}) and {@code cancel/<job id>} ({@link Cancellation}); each value is
 * a small UTF-8 JSON object that also records who made the change, when, and (optionally) why, so
 * any language can write one ({@link ControlCodec}). A tombstone removes the key: a removed
 * {@code paused} means running, a removed {@code rate} means unlimited. {@link ControlState} is the
 * fold of the topic that workers, the ledger and the control client all read the same way, and
 * {@link ControlTopicReader} reads the whole topic into it and follows it.
 */
package dev.jobpipe.schemas.control;
