package io.tillwatch.harness;

import java.util.List;

/**
 * Where the system under test keeps the transaction events it acknowledged, read back by the
 * harness to prove that none was lost: the journal table of the single process's store, or the
 * events topic that a cluster's gateways write to Kafka before they acknowledge.
 */
interface StoredEvents {
  /** One stored copy of a transaction event; a redelivered event may be stored more than once. */
  record Row(String terminal, long seq, String txn, String event) {}

  /** Every stored copy, in no particular order. */
  List<Row> read() throws Exception;

  /** What the report calls these rows. */
  String name();
}
