/**
 * The web console ({@code jobpipe console}): one process that reads Kafka (offsets, consumer
 * groups, the DLQs), the schema registry, the job ledger and the scheduler's topics, and serves
 * pages plus the JSON API they use ({@code /api/...}, documented in {@code console/README.md}).
 * Every API call needs a logged-in user ({@code viewer} reads, {@code operator} also acts) or a
 * bearer token; every state-changing call needs the session's CSRF token. {@link WebConsole} is
 * the service, {@link WebConsoleConfig} its settings; the rest is in {@code internal}.
 */
package dev.jobpipe.console.web;
