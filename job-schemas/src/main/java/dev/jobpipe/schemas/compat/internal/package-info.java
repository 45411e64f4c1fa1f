/** Internals of the compatibility gate: locating the field behind Avro's JSON pointers. Not API. */
package dev.jobpipe.schemas.compat.internal;
