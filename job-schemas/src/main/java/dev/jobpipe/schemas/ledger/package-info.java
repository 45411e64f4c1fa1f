/**
 * Records the job ledger reads besides the headers: {@link dev.jobpipe.schemas.ledger.JobDone},
 * the value of {@code jobs.T.done} (generated from {@code JobDone.avsc}), and its encoding {@link
 * dev.jobpipe.schemas.ledger.JobDoneCodec}. Part of the wire contract: other-language clients read
 * these records too.
 */
package dev.jobpipe.schemas.ledger;
