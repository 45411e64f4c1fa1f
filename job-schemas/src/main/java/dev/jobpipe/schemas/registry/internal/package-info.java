/**
 * Internals of the registry client: the HTTP transport (URL failover, retries with backoff,
 * Apicurio prefix discovery) and the single-flight cache that lets concurrent callers share one
 * registry request. Not API.
 */
package dev.jobpipe.schemas.registry.internal;
