package io.tillwatch.reconcile;

/**
 * An import kept in the store.
 *
 * @param effectsDone false when the import committed but its task changes were interrupted (they are
 *                    idempotent and are applied again when the same file comes back)
 */
public record StoredImport(long id, ReconcileReport report, boolean effectsDone) {}
