/**
 * What jobpipe's three Kafka Streams applications (the retry router, the scheduler and the ledger)
 * share: how their Streams properties are composed from a component's settings
 * ({@link StreamsProperties}), the one off-heap budget of their RocksDB stores
 * ({@link BoundedRocksDbMemory}) and when the router and the scheduler count as ready
 * ({@link StreamsReadiness}). Each component keeps its own documented keys; this package holds
 * the rules behind them, so each is written once. It needs {@code kafka-streams} on the class path,
 * an optional dependency of this module that those applications declare.
 */
package dev.jobpipe.schemas.streams;
