/**
 * How a failure is classified, once for the worker and the router: a
 * {@link dev.jobpipe.schemas.errors.CauseChain} is a failure as class names (from a
 * {@link java.lang.Throwable} or from a failed record's headers), an
 * {@link dev.jobpipe.schemas.errors.ExceptionTable} maps class names to retryable or terminal.
 */
package dev.jobpipe.schemas.errors;
