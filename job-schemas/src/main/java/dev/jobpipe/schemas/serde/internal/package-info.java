/**
 * Internals of the codec: the bounded binary decoder that checks every length against the bytes
 * present, cached read plans per (writer id, reader schema), per-thread encode buffers, and the
 * explanation of a payload that does not fit its schema. Not API.
 */
package dev.jobpipe.schemas.serde.internal;
