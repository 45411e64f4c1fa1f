/**
 * How the router works inside: the Streams topology and its routing processor with the dedupe
 * window store, the tier forwarder's poll loop and its per-partition read-ahead windows (records
 * released in due order, pending offsets committed as offset metadata), the provisioning of missing
 * tier and DLQ topics, policy file parsing, and the router's meters. Nothing here is API.
 */
package dev.jobpipe.router.internal;
