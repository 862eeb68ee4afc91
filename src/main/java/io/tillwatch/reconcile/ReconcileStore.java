package io.tillwatch.reconcile;

import io.tillwatch.tasks.Task;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What reconciliation reads and keeps (the port; {@code store.SqlReconcileStore} is the SQLite
 * adapter). Reads are blocking and see committed data. Writes complete after their commit.
 */
public interface ReconcileStore {
  /** The import of a file with this SHA-256 (hex) of its content, if any. */
  Optional<StoredImport> findImport(String sha256);

  /**
   * When a bill of each format was last imported (epoch ms), for the "no bill for a day" alert to
   * survive a restart, and to see imports made by the CLI; formats never imported are absent.
   */
  java.util.Map<BillFormat, Long> lastImportedAtMs();

  /** Every sale with an event received in [fromMs, toMs), summed up per (merchant, terminal, txn). */
  List<JournalSale> sales(long receivedFromMs, long receivedToMs);

  /** Unresolved tasks about one sale (they have a txn). */
  List<Task> unresolvedSaleTasks();

  /** The task with that dedupe key, resolved or not, as committed. */
  Optional<Task> taskByKey(String dedupeKey);

  /**
   * Keeps the import and its report lines in ONE transaction. Completes with the new import's id,
   * or empty when an import of the same content committed first (nothing written).
   */
  CompletableFuture<Optional<Long>> saveImport(ReconcileReport report);

  /** Records that the import's task changes were all applied, with the task ids they produced. */
  CompletableFuture<Void> effectsApplied(long importId, ReconcileReport report);

  /** Completes once every write submitted before it (by anyone in this process) has committed. */
  CompletableFuture<Void> barrier();
}
