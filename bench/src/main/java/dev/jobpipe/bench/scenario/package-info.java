/**
 * The scenarios, each running jobpipe and its comparisons alternately on the same topic data, and
 * what they share: the embedded stack, topic creation, pre-filling, fixed-rate pacing, and the
 * launching of contender child JVMs whose peak RSS is read from {@code /proc}.
 */
package dev.jobpipe.bench.scenario;
