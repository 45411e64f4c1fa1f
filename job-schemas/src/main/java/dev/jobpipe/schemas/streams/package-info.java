/**
 * What jobpipe's three Kafka Streams applications (the retry router, the scheduler and the ledger)
 * share: how their Streams properties are composed from a component's settings
 * ({@link StreamsProperties}) and the one off-heap budget of their RocksDB stores
 * ({@link BoundedRocksDbMemory}). Each component keeps its own documented keys; this package holds
 * the rules behind them, so each is written once. It needs {@code kafka-streams} on the class path,
 * an optional dependency of this module that those applications declare.
 */
package dev.jobpipe.schemas.streams;
