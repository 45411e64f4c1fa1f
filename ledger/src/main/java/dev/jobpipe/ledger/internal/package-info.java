/**
 * How the ledger works: {@code EventReader} turns a record into a {@code LedgerEvent},
 * {@code JobFold} applies it to a job's view, {@code FoldProcessor} stores views and their {@code
 * LedgerIndex} keys in RocksDB and expires old ones, {@code LedgerQueries} answers from the local
 * stores or forwards to the instance that owns a job, {@code LedgerRoutes} is the HTTP API on
 * {@code JsonHttpServer}.
 */
package dev.jobpipe.ledger.internal;
