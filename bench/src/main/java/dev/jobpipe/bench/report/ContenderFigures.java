package dev.jobpipe.bench.report;

/**
 * One contender's own figures in one consumption scenario, over every run: what the comparison
 * rows are made of, shown per contender so that each one's spread is visible.
 *
 * @param scenario the scenario, e.g. {@code noop} or {@code ioscale-c1000}
 * @param contender the contender, e.g. {@code jobpipe-nodone}
 * @param rate jobs per second
 * @param cpu CPU milliseconds of its process per 1,000 jobs; null when unknown
 * @param rssMiB peak RSS of its process in MiB; null when unknown
 */
public record ContenderFigures(String scenario, String contender, Summary rate, Summary cpu, Summary rssMiB) {}
