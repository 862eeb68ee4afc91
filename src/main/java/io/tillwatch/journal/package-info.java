/**
 * The event journal's port: what ingest writes through (acknowledge only after the commit), what
 * recovery replays and the task timeline reads. Interfaces and records only; the SQLite adapter is
 * in {@code io.tillwatch.store}. Kept out of {@code store} so that no user of the journal depends on
 * an adapter, and a second adapter (PostgreSQL) implements the same contract.
 */
package io.tillwatch.journal;
