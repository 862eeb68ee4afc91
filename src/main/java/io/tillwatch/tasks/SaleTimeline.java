package io.tillwatch.tasks;

import io.tillwatch.journal.StoredEvent;
import java.util.List;

/** The events of one sale, in the order TillWatch received them (the port; the journal's store implements it). */
@FunctionalInterface
public interface SaleTimeline {
  /** Blocks on storage: call it off the event loop. */
  List<StoredEvent> events(String merchant, String terminal, String txn);
}
