/**
 * Offset bookkeeping shared by components that finish a partition's records out of offset order:
 * the committed offset is the contiguous done prefix, and {@link
 * dev.jobpipe.schemas.offsets.OffsetMarks} carries, in the commit's metadata, which offsets above it
 * are already settled (the worker: done) or still open (the tier forwarder: pending), so that the
 * partition's next owner neither repeats nor forgets them. One encoding, versioned, for both.
 */
package dev.jobpipe.schemas.offsets;
