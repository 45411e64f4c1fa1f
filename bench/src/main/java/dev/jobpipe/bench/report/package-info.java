/**
 * The figures and how they are reported: {@link dev.jobpipe.bench.report.Summary} (median, min,
 * max of repeated runs), exact {@link dev.jobpipe.bench.report.Percentiles}, peak RSS from
 * {@code /proc}, the machine description, and the Markdown and JSON rendering. Pure logic, unit-tested.
 */
package dev.jobpipe.bench.report;
